// A shared computer keeps no student text: signing out deletes every pad's offline copy
// (IndexedDB databases named "pad-…") before the sign-out form is sent.
const PREFIX = 'pad-'
const WAIT_MS = 1500

const deleteDatabase = (name) => new Promise((resolve) => {
  try {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = request.onerror = request.onblocked = () => resolve()
  } catch (_) {
    resolve()
  }
})

/** Delete the offline copies of all pads; `closeOwn` first closes (and clears) this page's own. */
export async function forgetPads ({ closeOwn, knownNames = [] } = {}) {
  if (closeOwn) {
    try { await closeOwn() } catch (_) { /* deleted below all the same */ }
  }
  const names = new Set(knownNames)
  try {
    if (typeof indexedDB !== 'undefined' && indexedDB.databases) {
      for (const db of await indexedDB.databases()) if (db.name && db.name.startsWith(PREFIX)) names.add(db.name)
    }
  } catch (_) { /* older browsers cannot list databases: the known names are deleted anyway */ }
  await Promise.all(Array.from(names).filter((n) => n.startsWith(PREFIX)).map(deleteDatabase))
}

/** Hold the sign-out form until the offline copies are gone (at most WAIT_MS), then send it. */
export function forgetOnSignOut (options) {
  document.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement) || !form.matches('form[action$="/logout"]')) return
    if (form.dataset.padsForgotten === 'true') return
    event.preventDefault()
    form.dataset.padsForgotten = 'true'
    const send = () => HTMLFormElement.prototype.submit.call(form)
    Promise.race([forgetPads(options()), new Promise((resolve) => setTimeout(resolve, WAIT_MS))])
      .then(send, send)
  }, true)
}
