/**
 * Saving and deleting the open event, and showing a refused request where it belongs: next to
 * a field, in the form's status line, or in a toast. Every function takes the editor's state.
 */

import { ApiError, saveEvent, deleteEvent } from './session.js';
import { ask } from './dialog.js';
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
    const saved = await saveEvent(form.storedId, feature, confirmOutside);
    showForm(ed, saved);
    form.setStatus(creating ? 'Created.' : 'Saved.', 'ok');
    list.load().then(() => list.select(String(saved.id)));
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.parameter === 'geometry' && /outside/i.test(err.message) && !confirmOutside) {
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
    await deleteEvent(id);
    showDeleted(ed, id, `Deleted “${id}”. To bring it back, restore a revision below.`);
    list.load();
    ed.toast('Event deleted.');
  } catch (err) {
    report(ed, err);
  } finally {
    form.setBusy(false);
  }
}
