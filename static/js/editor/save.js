/**
 * Saving and deleting the open event, and showing a refused request where it belongs: next to
 * a field, in the form's status line, or in a toast. Every function takes the editor's state.
 */

import { ApiError, saveEvent, deleteEvent, getEvent, patchEvent } from './session.js';
import { ask } from './dialog.js';
import { askConflict, changedFields, reapplyPatch } from './conflict.js';
import { showForm, showDeleted } from './workspace.js';

/**
 * save sends the form; a point outside its country is confirmed with the editor first.
 * @param {import('./state.js').EditorState} ed
 * @param {boolean} confirmOutside
 */
export async function save(ed, confirmOutside) {
  const { form, list } = ed.ui;
  const { feature, errors } = form.read();
  if (errors.length) {
    form.showErrors(errors);
    const first = errors[0];
    form.setStatus(`Not saved: ${form.labelOf(first.param) || first.param}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, 'error');
    return;
  }
  form.clearErrors();
  form.setBusy(true);
  form.setStatus(confirmOutside ? 'Saving with the point outside its country…' : 'Saving…');
  const creating = form.storedId === null;
  let retry = false;
  try {
    const saved = await saveEvent(form.storedId, feature, { confirmOutside, etag: ed.etag });
    showForm(ed, saved.feature, saved.etag);
    form.setStatus(creating ? 'Created.' : 'Saved.', 'ok');
    list.load().then(() => list.select(String(saved.feature.id)));
  } catch (err) {
    if (err instanceof ApiError && err.status === 412) {
      form.setBusy(false);
      await resolveConflict(ed, feature);
    } else if (err instanceof ApiError && err.status === 400 && err.parameter === 'geometry' && /outside/i.test(err.message) && !confirmOutside) {
      form.setBusy(false);
      form.setStatus('');
      retry = await ask({
        title: 'The point lies outside the country',
        message: outsideMessage(err.message, feature.properties.country),
        confirm: 'Keep the point and save',
        cancel: 'Fix the point',
      });
      if (!retry) {
        form.showErrors([{ param: 'geometry', message: err.message }]);
        form.setStatus('Not saved: the point lies outside the country.', 'error');
      }
    } else {
      report(ed, err);
    }
  } finally {
    form.setBusy(false);
  }
  if (retry) await save(ed, true);
}

/**
 * resolveConflict handles a save refused because the event changed since the form was opened:
 * it reapplies the editor's changed fields on the current version (a merge patch with its
 * ETag) or discards them, as the editor chooses; until then the form keeps what was typed.
 */
async function resolveConflict(ed, mine) {
  const { form, list } = ed.ui;
  const id = form.storedId;
  let now;
  try {
    now = await getEvent(id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      form.setStatus('Not saved: the event was deleted since you opened it. Your edits are still here; its history below can bring it back.', 'error');
      return;
    }
    report(ed, err);
    return;
  }
  const mineChanged = changedFields(form.baseline(), mine);
  const theirs = changedFields(ed.loaded, now.feature);
  const choice = await askConflict({ then: ed.loaded, now: now.feature, mine: mineChanged, theirs });
  if (choice === 'cancel') {
    form.setStatus('Not saved: the event changed since you opened it. Your edits are still here; save again to compare.', 'error');
    return;
  }
  if (choice === 'discard') {
    showForm(ed, now.feature, now.etag);
    form.setStatus('Your changes were discarded; the form shows the current version.', 'ok');
    return;
  }
  form.setBusy(true);
  form.setStatus('Reapplying your changes on the current version…');
  try {
    const saved = await patchEvent(id, reapplyPatch(mine, mineChanged), now.etag);
    showForm(ed, saved.feature, saved.etag);
    form.setStatus('Saved: your changes were reapplied on the current version.', 'ok');
    list.load().then(() => list.select(String(saved.feature.id)));
  } catch (err) {
    // the loaded version is now the current one, so a second conflict compares against it
    if (err instanceof ApiError && err.status === 412) {
      ed.loaded = now.feature;
      ed.etag = now.etag;
    }
    report(ed, err);
  } finally {
    form.setBusy(false);
  }
}

/** outsideMessage explains the server's refusal in the editor's terms. */
function outsideMessage(detail, country) {
  const m = /\(in "([^"]*)"\)/.exec(detail);
  const where = m && m[1] ? `in ${m[1]}` : 'in no country on the map';
  return `The point lies outside ${country} (it is ${where}, by the map’s borders). Keep it if that is right — a strike across a border, an embassy, a ship — or go back and fix the point or the country.`;
}

/**
 * report shows a failed request where it belongs: next to a field, or in the status line.
 * @param {import('./state.js').EditorState} ed
 * @param {Error} err
 */
export function report(ed, err) {
  if (!(err instanceof ApiError)) {
    console.error(err);
    ed.toast(`Something went wrong: ${err.message}`, true);
    return;
  }
  if (err.status === 401) {
    ed.reauth();
    return;
  }
  const { form, formHost, workInner } = ed.ui;
  if (err.parameter && !formHost.hidden) {
    form.showErrors([{ param: err.parameter, message: err.message }]);
    form.setStatus(`Not saved: ${form.labelOf(err.parameter) || err.parameter}: ${err.message}`, 'error');
    return;
  }
  if (!formHost.hidden && !workInner.hidden) form.setStatus(`Not saved: ${err.message}`, 'error');
  else ed.toast(err.message, true);
}

/**
 * remove deletes the open event once the editor confirms; its history stays, to restore from.
 * @param {import('./state.js').EditorState} ed
 */
export async function remove(ed) {
  const { form, list } = ed.ui;
  const id = form.storedId;
  if (!id) return;
  const ok = await ask({
    title: 'Delete this event?',
    message: `“${ed.loaded ? ed.loaded.properties.title : id}” will disappear from the map and the API. Its history is kept, so it can be restored.`,
    confirm: 'Delete the event',
    danger: true,
  });
  if (!ok) return;
  form.setBusy(true);
  try {
    await deleteEvent(id, ed.etag);
    showDeleted(ed, id, `Deleted “${id}”. To bring it back, restore a revision below.`);
    list.load();
    ed.toast('Event deleted.');
  } catch (err) {
    report(ed, err);
  } finally {
    form.setBusy(false);
  }
}
