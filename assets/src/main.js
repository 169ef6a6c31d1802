// Commons pads in the browser: Quill + Yjs over the pad's WebSocket, kept offline in IndexedDB.
// The page contract (data-pad and its data-* attributes) is described in the reply that added
// this folder and is read by board/pads' templates; nothing here is fetched at run time.
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { QuillBinding } from 'y-quill'
import { createEditor } from './editor.js'
import { interceptLocalChanges, showAuthors, colourCursors } from './authorship.js'
import { setupFindings } from './findings.js'
import { setupStatus, CLOSE_REFUSED, CLOSE_PAD_FULL, CLOSE_REDACTED } from './status.js'
import { guardIncoming, guardLocalChanges } from './safety.js'
import { forgetOnSignOut } from './signout.js'
import { describePeopleHere } from './presence.js'
import { showHeld } from './held.js'
import { setupPictures } from './pictures.js'

const IDB_WAIT_MS = 1500

/** A JSON object from a data attribute, or null. */
function readJson (value) {
  if (!value) return null
  try {
    const parsed = JSON.parse(value)
    return parsed && typeof parsed === 'object' ? parsed : null
  } catch (_) {
    return null
  }
}

function readConfig (root) {
  const data = root.dataset
  let names = {}
  try {
    const parsed = JSON.parse(data.authors || '{}')
    if (parsed && typeof parsed === 'object') {
      for (const [id, name] of Object.entries(parsed)) if (typeof name === 'string') names[String(id)] = name
    }
  } catch (_) {
    names = {}
  }
  const colour = Number.parseInt(data.userColour, 10)
  const maxChars = Number.parseInt(data.maxChars, 10)
  return {
    padId: data.padId || '',
    syncUrl: data.syncUrl || '',
    userId: data.userId ? String(data.userId) : '',
    userName: data.userName || '',
    userColour: Number.isFinite(colour) ? colour : null,
    canEdit: data.canEdit === 'true',
    offlineKey: data.offlineKey || '',
    maxChars: Number.isFinite(maxChars) && maxChars > 0 ? maxChars : 0,
    teacherFindings: readJson(data.teacherFindings),
    redactions: Number.parseInt(data.redactions, 10) || 0,
    seesHeld: data.seesHeld === 'true',
    names
  }
}

/** ws(s)://<host>/pads/12 for data-sync-url="/pads/12"; the provider adds "/sync". */
function socketBase (syncUrl) {
  const url = new URL(syncUrl, window.location.href)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''
  return url.toString().replace(/\/+$/, '')
}

/**
 * A teacher redacted words from this pad since this browser kept its offline copy (it was away
 * then): that copy may hold them. Delete it before it is opened (IndexedDB opens a database only
 * after a deletion asked for first has finished); the server has everything else.
 */
function forgetCopyFromBeforeRedaction (name, redactions) {
  if (!name || typeof indexedDB === 'undefined') return
  const key = `${name}-redactions`
  let seen = null
  try { seen = window.localStorage.getItem(key) } catch (_) { return }
  if (seen !== String(redactions) && (seen !== null || redactions > 0)) {
    try { indexedDB.deleteDatabase(name) } catch (_) { /* nothing kept, nothing to forget */ }
  }
  try { window.localStorage.setItem(key, String(redactions)) } catch (_) { /* private mode */ }
}

function openOfflineCopy (name, ydoc) {
  if (!name || typeof indexedDB === 'undefined') return null
  try {
    return commitEachChange(new IndexeddbPersistence(name, ydoc), ydoc)
  } catch (_) {
    return null // private modes without IndexedDB: the pad still works online
  }
}

/**
 * y-indexeddb writes every change in a transaction of its own and leaves it to commit by itself,
 * which takes a round trip to the browser's storage; a tab closed in that moment aborts the write,
 * and the last words typed offline are gone. Commit each of those transactions at once instead.
 */
function commitEachChange (persistence, ydoc) {
  const store = persistence._storeUpdate
  const storeAndCommit = (update, origin) => {
    const db = persistence.db
    if (!db || typeof IDBTransaction === 'undefined' || !IDBTransaction.prototype.commit) return store(update, origin)
    const opened = []
    // y-indexeddb opens its transaction through db.transaction(); note each one it opens here.
    db.transaction = (...args) => {
      const transaction = IDBDatabase.prototype.transaction.apply(db, args)
      opened.push(transaction)
      return transaction
    }
    try {
      store(update, origin)
    } finally {
      delete db.transaction
    }
    for (const transaction of opened) {
      try { transaction.commit() } catch (_) { /* already finished: nothing left to commit */ }
    }
  }
  ydoc.off('update', store)
  ydoc.on('update', storeAndCommit)
  persistence._storeUpdate = storeAndCommit // what destroy() unsubscribes
  return persistence
}

/**
 * The server may render the pad's text inside [data-pad-editor] for the first paint. Keep it on
 * screen (read-only) until the live document has arrived, instead of flashing an empty editor.
 */
function keepFirstPaint (root, editorSlot) {
  if (!editorSlot.textContent.trim()) { editorSlot.textContent = ''; return () => {} }
  const preview = document.createElement('div')
  preview.className = 'pad-preview'
  while (editorSlot.firstChild) preview.appendChild(editorSlot.firstChild)
  editorSlot.parentNode.insertBefore(preview, editorSlot)
  root.classList.add('pad-loading')
  return () => {
    if (!preview.isConnected) return
    preview.remove()
    root.classList.remove('pad-loading')
  }
}

/**
 * Announce only this tab's own awareness. y-websocket also re-sends every state it receives from
 * others (for peer-to-peer meshes); through one relaying server that is only noise, and a server
 * that stamps the sender's name on what it relays would put one person's name on another's cursor.
 */
function announceOwnAwarenessOnly (provider, ydoc) {
  const { awareness } = provider
  awareness.off('update', provider._awarenessUpdateHandler)
  provider._awarenessUpdateHandler = ({ added, updated, removed }) => {
    const mine = added.concat(updated, removed).filter((id) => id === ydoc.clientID)
    const ws = provider.ws
    if (!mine.length || !provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1) // awareness
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, mine))
    ws.send(encoding.toUint8Array(encoder))
  }
  awareness.on('update', provider._awarenessUpdateHandler)
}

/** A teacher's "use the selected words" button copies the last words selected in the pad into the redaction form. */
function offerSelectionForRedaction (quill) {
  const pick = document.querySelector('[data-pad-redact-pick]')
  const field = document.getElementById('redact-phrase')
  if (!pick || !field) return
  let last = null
  quill.on('selection-change', (range) => { if (range && range.length) last = range })
  pick.addEventListener('click', () => {
    const range = quill.getSelection() || last
    if (!range || !range.length) {
      field.focus()
      return
    }
    field.value = quill.getText(range.index, range.length).trim()
    field.focus()
  })
}

function start (root) {
  const config = readConfig(root)
  let leaving = false
  window.addEventListener('beforeunload', () => { leaving = true })
  const ydoc = new Y.Doc()
  const ytext = ydoc.getText('quill')
  const canEdit = config.canEdit && Boolean(config.userId)
  if (canEdit) forgetCopyFromBeforeRedaction(config.offlineKey, config.redactions)
  // Only writers keep an offline copy: it holds their unsent words, and a viewer has none.
  const persistence = canEdit ? openOfflineCopy(config.offlineKey, ydoc) : null
  const provider = new WebsocketProvider(socketBase(config.syncUrl), 'sync', ydoc, {
    connect: false,
    disableBc: true // every tab talks to the server itself, which decides who may write
  })
  announceOwnAwarenessOnly(provider, ydoc)
  provider.awareness.setLocalStateField('user', {
    id: config.userId, name: config.userName, colour: config.userColour
  })

  const toolbarSlot = root.querySelector('[data-pad-toolbar]')
  const editorSlot = root.querySelector('[data-pad-editor]')
  const reveal = keepFirstPaint(root, editorSlot)
  const quill = createEditor({ root, toolbarSlot, editorSlot, canEdit })
  if (canEdit) interceptLocalChanges({ quill, ytext, ownId: config.userId })
  // Set up below, once the status line exists; these only run after the first change or message.
  let status = null
  const broken = (why) => { if (status) status.fail(why) }
  if (canEdit) {
    guardLocalChanges({
      quill,
      ytext,
      maxChars: config.maxChars,
      onFull: () => status && status.notice(
        `This pad is full (${config.maxChars.toLocaleString('en')} characters): that change was not kept. ` +
        'Shorten something, or go on in another pad.'),
      onBroken: broken
    })
  }
  guardIncoming({ provider, onBroken: broken })
  colourCursors({ quill, awareness: provider.awareness })
  showHeld({ root, quill, ownId: config.userId, seesAll: config.seesHeld })
  const binding = new QuillBinding(ytext, quill, provider.awareness)

  // Names for tooltips: the page's list, plus whoever the server says is here now.
  const names = config.names
  provider.awareness.on('change', () => {
    provider.awareness.getStates().forEach((state) => {
      const user = state && state.user
      if (user && user.id != null && typeof user.name === 'string' && user.name) names[String(user.id)] = user.name
    })
  })
  showAuthors({ root, quill, ytext, toggleSlot: toolbarSlot, ownId: config.userId, ownName: config.userName, names })

  describePeopleHere({
    region: root.querySelector('[data-pad-here]'), awareness: provider.awareness, ydoc, ytext, ownId: config.userId
  })

  const panel = root.querySelector('[data-pad-findings]')
  if (panel) setupFindings({ provider, quill, ydoc, ytext, panel, initial: config.teacherFindings })

  status = setupStatus({
    root,
    line: root.querySelector('[data-pad-status]'),
    provider,
    canEdit,
    onClosed: (code) => {
      quill.enable(false)
      quill.root.setAttribute('aria-readonly', 'true')
      root.classList.add('pad-closed')
      // What the server refused would be sent again from the offline copy after a reload: forget it.
      if ((code === CLOSE_REFUSED || code === CLOSE_PAD_FULL || code === 0) && persistence) {
        persistence.clearData().catch(() => {})
      }
      // Redacted words live on in this document's history and its offline copy: forget both, and
      // load the pad again from the server, which keeps none of them.
      if (code === CLOSE_REDACTED) {
        provider.destroy()
        const forgotten = persistence ? persistence.clearData() : Promise.resolve()
        // The teacher who redacted is already on the way to the next page: no reload to race it
        // (a page still here a moment later, after a download say, reloads then).
        forgotten.catch(() => {}).then(() => window.setTimeout(() => window.location.reload(), leaving ? 3000 : 0))
      }
    }
  })

  offerSelectionForRedaction(quill)
  setupPictures({ provider, strip: document.querySelector('[data-pad-pictures]') })

  provider.on('sync', (synced) => {
    if (!synced) return
    reveal()
    root.setAttribute('data-pad-ready', 'true')
  })

  forgetOnSignOut(() => ({
    knownNames: config.offlineKey ? [config.offlineKey] : [],
    closeOwn: persistence ? () => persistence.clearData() : null
  }))

  // Load the offline copy first (briefly), so the first sync sends only what the server lacks.
  const loaded = persistence
    ? persistence.whenSynced.then(() => { if (ytext.length) reveal() })
    : Promise.resolve()
  Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, IDB_WAIT_MS))])
    .then(() => provider.connect(), () => provider.connect())

  window.commonsPad = { quill, ydoc, provider, binding, persistence }
  return window.commonsPad
}

function boot () {
  const root = document.querySelector('[data-pad]')
  if (!root || root.getAttribute('data-pad-started') === 'true') return
  root.setAttribute('data-pad-started', 'true')
  start(root)
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot)
else boot()
