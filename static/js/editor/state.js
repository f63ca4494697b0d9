/**
 * The editor's state, made once by the page and passed to every function that reads or
 * changes it, rather than kept in module variables.
 */

/**
 * @typedef {object} EditorState
 * @property {{user: {username: string, role: string}, csrf_token: string}|null} session  null when signed out
 * @property {Map<string, any>} sourcesById        the publications, by id
 * @property {Array<[string, string]>} sourceChoices the publications as the form offers them
 * @property {any} loaded  the stored event the form was last filled from, to discard changes back to
 * @property {string} etag  the ETag of loaded, sent as If-Match by the next write of it
 * @property {import('./workspace.js').Workspace|null} ui  the views, built on first sign-in
 * @property {{form: HTMLFormElement, reset: (message: string) => void, focus: () => void}|null} loginForm  made on first need
 * @property {(text: string, isError?: boolean) => void} toast
 * @property {() => void} reauth  asks for the password again, keeping the form as it is
 */

/**
 * createEditorState is the state of an editor nobody has signed in to yet.
 * @param {{toast: EditorState['toast'], reauth: EditorState['reauth']}} actions
 * @returns {EditorState}
 */
export function createEditorState({ toast, reauth }) {
  return { session: null, sourcesById: new Map(), sourceChoices: [], loaded: null, etag: '', ui: null, loginForm: null, toast, reauth };
}
