// Who wrote what. Every character of the Y.Text carries `author` = the writer's user id as a string.
// The server stamps it and re-stamps anything wrong; this side makes sure that
//  - text this person types, pastes or drops reaches the Y.Text already stamped with their own id,
//  - no format operation from Quill (toolbar, "remove formatting", undo) ever changes an author,
//  - the local editor shows the right colours at once, without waiting for the server.
import { PALETTE, slotOf } from './palette.js'

export const AUTHOR = 'author'
const ID = /^\d{1,15}$/

/** Register the `author` format: runs render as <span class="ql-author-7">. */
export function registerAuthorFormat (Quill) {
  const { ClassAttributor, Scope } = Quill.import('parchment')
  class AuthorAttributor extends ClassAttributor {
    canAdd (node, value) {
      return ID.test(String(value)) && super.canAdd(node, value)
    }
  }
  Quill.register(new AuthorAttributor(AUTHOR, 'ql-author', { scope: Scope.INLINE }), true)
}

/**
 * Rewrite a delta from Quill before it reaches the Y.Text (of `length` characters): inserted text
 * gets the writer's id, and format operations lose any `author` key. A retain that runs past the
 * end is the exception: Quill's last line ends with a newline the Y.Text does not hold yet, and
 * Yjs creates it (with the retain's attributes) when that line is formatted, so that part is
 * new text and gets the writer's id too.
 */
export function stampDelta (ops, ownId, length = Infinity) {
  const out = []
  let at = 0
  for (const op of ops) {
    if (op.insert !== undefined) {
      const size = typeof op.insert === 'string' ? op.insert.length : 1
      at += size
      length += size
      out.push(typeof op.insert === 'string' ? { ...op, attributes: { ...(op.attributes || {}), [AUTHOR]: ownId } } : op)
    } else if (op.delete !== undefined) {
      length -= op.delete
      out.push(op)
    } else if (op.retain !== undefined) {
      const size = typeof op.retain === 'number' ? op.retain : 1
      const { [AUTHOR]: _dropped, ...rest } = op.attributes || {}
      const inside = Math.max(0, Math.min(size, length - at))
      if (inside > 0 || typeof op.retain !== 'number') {
        const kept = typeof op.retain === 'number' ? inside : op.retain
        out.push(Object.keys(rest).length ? { ...op, retain: kept, attributes: rest } : { retain: kept })
      }
      if (typeof op.retain === 'number' && size > inside) {
        out.push({ retain: size - inside, attributes: { ...rest, [AUTHOR]: ownId } })
      }
      at += size
    } else {
      out.push(op)
    }
  }
  return out
}

/**
 * Sit between Quill and the Y.Text. y-quill writes every local change with `ytext.applyDelta`
 * (and nothing else does), so wrapping that one method catches typing, pasting, IME input, drops,
 * toolbar actions and undo alike.
 */
export function interceptLocalChanges ({ quill, ytext, ownId }) {
  const apply = ytext.applyDelta.bind(ytext)
  ytext.applyDelta = (delta, options) => apply(stampDelta(delta, ownId, ytext.length), options)

  // The same change, seen from Quill: make the local editor agree with what the Y.Text now holds.
  // y-quill passes itself as the source of remote changes, so only string sources are local.
  quill.on('text-change', (delta, _old, source) => {
    if (typeof source !== 'string' || source === 'silent') return
    const own = []
    const restore = []
    let index = 0
    for (const op of delta.ops) {
      if (op.insert !== undefined) {
        const length = typeof op.insert === 'string' ? op.insert.length : 1
        const typed = typeof op.insert === 'string' && op.insert.replace(/\n/g, '') !== ''
        if (typed && (!op.attributes || op.attributes[AUTHOR] !== ownId)) own.push([index, length])
        index += length
      } else if (op.retain !== undefined) {
        const length = typeof op.retain === 'number' ? op.retain : 1
        if (op.attributes && AUTHOR in op.attributes) restore.push([index, length])
        index += length
      }
    }
    for (const [at, length] of own) quill.formatText(at, length, AUTHOR, ownId, 'silent')
    if (restore.length) restoreAuthors(quill, ytext, restore)
  })
}

/** Put back the authors a format change took off in Quill (the Y.Text never lost them). */
function restoreAuthors (quill, ytext, ranges) {
  let at = 0
  for (const op of ytext.toDelta()) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1
    const author = (op.attributes && op.attributes[AUTHOR]) || false
    for (const [start, span] of ranges) {
      const from = Math.max(start, at)
      const to = Math.min(start + span, at + length)
      if (from < to) quill.formatText(from, to - from, AUTHOR, author, 'silent')
    }
    at += length
  }
}

/** A stylesheet for the `.ql-author-<id>` colours; ids are unbounded, so rules are added as ids appear. */
function authorSheet () {
  try {
    const sheet = new CSSStyleSheet()
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    return sheet
  } catch (_) {
    // Browsers without constructed stylesheets: add the rules to pad.css itself (same origin, so allowed).
    const sheets = Array.from(document.styleSheets)
    return sheets.find((s) => s.href && /\/pad\.css(\?|$)/.test(s.href)) || sheets[sheets.length - 1] || null
  }
}

/** Colours, names on hover and the "Who wrote what" switch. */
export function showAuthors ({ root, quill, ytext, toggleSlot, ownId, ownName, names }) {
  const sheet = authorSheet()
  const known = new Set()
  const colour = (id) => {
    id = String(id)
    if (known.has(id) || !ID.test(id) || !sheet) return
    known.add(id)
    const { background } = PALETTE[slotOf(id)]
    // A tint only: an underline on every author's text would read as a page of links.
    sheet.insertRule(`.pad-authors-on .ql-editor .ql-author-${id}{background-color:${background}}`,
      sheet.cssRules.length)
  }
  const scan = (delta) => {
    for (const op of delta) if (op.attributes && op.attributes[AUTHOR]) colour(op.attributes[AUTHOR])
  }
  if (ownId) colour(ownId)
  Object.keys(names).forEach(colour)
  scan(ytext.toDelta())
  ytext.observe((event) => scan(event.delta))

  // One delegated handler names the writer of whatever run the pointer is over.
  quill.root.addEventListener('mouseover', (event) => {
    const run = event.target instanceof Element && event.target.closest('[class*="ql-author-"]')
    if (!run || !quill.root.contains(run)) return
    const match = /(?:^|\s)ql-author-(\d+)(?:\s|$)/.exec(run.className)
    if (!match) return
    const id = match[1]
    const title = id === ownId ? `Written by you (${ownName})` : names[id] ? `Written by ${names[id]}` : 'Written by someone else'
    if (run.title !== title) run.title = title
  })

  root.classList.add('pad-authors-on')
  // The switch sits with the writers' names above the pad when the page has a place for it.
  const slot = document.querySelector('[data-pad-authors-slot]') || toggleSlot
  if (!slot) return
  const key = slot.closest('.pad-key')
  const toggle = document.createElement('button')
  toggle.type = 'button'
  toggle.className = 'pad-authors-toggle'
  toggle.setAttribute('role', 'switch')
  toggle.setAttribute('aria-checked', 'true')
  toggle.title = 'Colour each writer’s words in the pad'
  const track = document.createElement('span')
  track.className = 'pad-switch'
  track.setAttribute('aria-hidden', 'true')
  toggle.append(document.createTextNode('Who wrote what'), track)
  toggle.addEventListener('click', () => {
    const on = root.classList.toggle('pad-authors-on')
    toggle.setAttribute('aria-checked', String(on))
    if (key) key.classList.toggle('pad-key-off', !on)
  })
  slot.appendChild(toggle)
}

const NAME_SHOWN_MS = 2500

/**
 * Remote carets in the writer's colour (from their awareness `user.colour` slot), with their name
 * shown for a moment whenever they move or type (quill-cursors alone shows names only on hover).
 */
export function colourCursors ({ quill, awareness }) {
  const cursors = quill.getModule('cursors')
  if (!cursors) return
  const timers = new Map()
  const flash = (id) => {
    if (!cursors.cursors().some((c) => c.id === id)) return
    cursors.toggleFlag(id, true)
    window.clearTimeout(timers.get(id))
    timers.set(id, window.setTimeout(() => { timers.delete(id); cursors.toggleFlag(id, false) }, NAME_SHOWN_MS))
  }
  awareness.on('change', ({ added, updated }) => {
    // after y-quill has created or moved the cursor for this change
    window.setTimeout(() => {
      for (const id of added.concat(updated)) if (id !== awareness.clientID) flash(String(id))
    }, 0)
  })
  const create = cursors.createCursor.bind(cursors)
  cursors.createCursor = (id, name, fallback) => {
    const state = awareness.getStates().get(Number(id))
    const user = (state && state.user) || {}
    let slot = Number.parseInt(user.colour, 10)
    if (!Number.isFinite(slot) && user.id != null) slot = slotOf(user.id)
    const colour = Number.isFinite(slot) ? PALETTE[Math.abs(slot) % PALETTE.length].strong : fallback
    return create(id, name, colour)
  }
}
