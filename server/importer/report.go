package importer

import (
	"io"

	"github.com/westward/westward/geo"
)

// Report says what an import did (or, in a dry run, would do), row by row. ReadBatch fills in
// what reading the file found (Format, Rows, Rejected); Record adds what the store did.
type Report struct {
	DryRun    bool          `json:"dry_run"`
	Added     []string      `json:"added"`
	Updated   []string      `json:"updated"`
	Unchanged []string      `json:"unchanged"`
	Rejected  []RejectedRow `json:"rejected"`
	Format    Format        `json:"format"`
	Rows      int           `json:"rows"`
}

// RejectedRow is a row an import could not use, and why.
type RejectedRow struct {
	Line   int    `json:"line"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

// ErrRejectedRows refuses a real import that has rejected rows: imports are all or nothing,
// so the file must be fixed (a dry run lists what to fix).
var ErrRejectedRows = &geo.Error{Code: geo.EINVALID, Param: "body", Message: "some rows were rejected; nothing was imported (see rejected)"}

// Batch is what a file brings to the store: its usable events, the sources they cite that
// the store may lack (ACLEDSource for ACLED rows), and the report so far.
type Batch struct {
	Events  []*geo.Event
	Sources []geo.Source
	Report  *Report
}

// Record adds what the store did with the batch to its report.
func (r *Report) Record(added, updated, unchanged []string) {
	r.Added, r.Updated, r.Unchanged = added, updated, unchanged
}

// ReadBatch reads r in the given format ("" detects it) into a Batch. A file that cannot be
// read at all is an EINVALID error on the body. A real (not dry) run with rejected rows
// returns the batch and ErrRejectedRows: nothing may be imported, and the report says why;
// unless skipInvalid, the editor's explicit choice, when the batch holds the valid rows only
// and the report still lists the rejected ones.
func (im *Importer) ReadBatch(r io.Reader, format Format, dryRun, skipInvalid bool) (*Batch, error) {
	rows, err := im.Read(r, Options{Format: format})
	if err != nil {
		return nil, geo.ParamError("body", "%v", err)
	}
	rep := &Report{DryRun: dryRun, Added: []string{}, Updated: []string{}, Unchanged: []string{},
		Rejected: []RejectedRow{}, Format: format, Rows: len(rows)}
	b := &Batch{Sources: []geo.Source{}, Report: rep}
	acled := false
	for _, row := range rows {
		if row.Event == nil {
			rep.Rejected = append(rep.Rejected, RejectedRow{Line: row.Line, ID: row.ID, Reason: row.Reason})
			continue
		}
		b.Events = append(b.Events, row.Event)
		for _, c := range row.Event.Citations {
			if c.SourceID == ACLEDSource().ID {
				acled = true
			}
		}
	}
	if acled {
		b.Sources = append(b.Sources, ACLEDSource())
	}
	if len(rep.Rejected) > 0 && !dryRun && !skipInvalid {
		return b, ErrRejectedRows
	}
	return b, nil
}
