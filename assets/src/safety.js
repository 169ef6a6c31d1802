// What may reach the pad, and what this editor accepts from others. The server refuses any change
// holding more than text and the toolbar's formats (board/pads/schema.py); this side keeps an honest
// writer's changes inside those rules, and keeps one bad message from others from breaking the editor.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { applyAwarenessUpdate } from 'y-protocols/awareness'

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1

const isTrue = (v) => v === true
const whole = (low, high) => (v) => {
  const n = typeof v === 'string' && /^\d{1,2}$/.test(v) ? Number(v) : v
  return Number.isInteger(n) && n >= low && n <= high
}

/** A link the pad keeps: web and mail addresses; "www.example.org" becomes https://www.example.org. */
export function safeLink (url) {
  if (typeof url !== 'string' || !url.trim() || url.length > 2048) return null
  // eslint-disable-next-line no-control-regex
  const squeezed = url.replace(/[\u0000-\u0020]/g, '')
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(squeezed)
  if (scheme) return ['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()) ? url.trim() : null
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\/[^\s<>"]*)?$/.test(squeezed) ? `https://${squeezed}` : null
}

/** format -> test of its value, as the server has them (null, taking a format off, always passes). */
const FORMATS = {
  bold: isTrue,
  italic: isTrue,
  strike: isTrue,
  code: isTrue,
  link: (v) => safeLink(v) === v,
  header: whole(1, 3),
  list: (v) => v === 'bullet' || v === 'ordered',
  indent: whole(1, 8),
  blockquote: isTrue,
  'code-block': (v) => v === true || (typeof v === 'string' && /^[a-z0-9+#-]{1,20}$/.test(v)),
  author: (v) => typeof v === 'string' && /^\d{1,15}$/.test(v)
}

function cleanAttributes (attributes) {
  if (!attributes) return attributes
  const out = {}
  for (const [key, value] of Object.entries(attributes)) {
    if (!(key in FORMATS)) continue
    if (value === null || FORMATS[key](value)) out[key] = value
    else if (key === 'link') out[key] = safeLink(value) // a bare address gains https://, others go
  }
  return Object.keys(out).length ? out : undefined
}

/** Drop embeds and formats the pad does not keep from a local change, before it reaches the Y.Text. */
export function cleanDelta (ops) {
  const out = []
  for (const op of ops) {
    if (op.insert !== undefined && typeof op.insert !== 'string') continue
    const attributes = cleanAttributes(op.attributes)
    const { attributes: _dropped, ...rest } = op
    out.push(attributes ? { ...rest, attributes } : rest)
  }
  return out
}

/** How many characters a change adds (UTF-16 units, as the server counts them). */
function growth (ops) {
  let by = 0
  for (const op of ops) {
    if (typeof op.insert === 'string') by += op.insert.length
    else if (op.delete !== undefined) by -= op.delete
  }
  return by
}

/**
 * Sit between Quill and the Y.Text (outside the author stamping): clean each local change, keep
 * the pad under its size, and report a change that could not be applied instead of failing quietly.
 */
export function guardLocalChanges ({ quill, ytext, maxChars, onFull, onBroken }) {
  const apply = ytext.applyDelta.bind(ytext)
  const putBack = () => {
    // Quill shows what the Y.Text holds again; 'silent' keeps the binding from sending it back.
    const selection = quill.getSelection()
    quill.setContents(ytext.toDelta(), 'silent')
    if (selection) quill.setSelection(Math.min(selection.index, quill.getLength() - 1), 0, 'silent')
  }
  ytext.applyDelta = (delta, options) => {
    const ops = cleanDelta(delta)
    const by = growth(ops)
    if (maxChars && by > 0 && ytext.length + by > maxChars) {
      putBack()
      onFull()
      return
    }
    try {
      apply(ops, options)
    } catch (error) {
      console.error(error)
      onBroken('this change could not be recorded')
    }
  }
}

const isId = (v) => v == null || (typeof v === 'object' && Number.isSafeInteger(v.client) && Number.isSafeInteger(v.clock))
const isPosition = (p) => p != null && typeof p === 'object' && isId(p.type) && isId(p.item) &&
  (p.tname == null || typeof p.tname === 'string') && (p.assoc == null || Number.isInteger(p.assoc))

/** An awareness state in the shape this editor uses, or null; a bad cursor is dropped, not the person. */
export function cleanAwarenessState (state) {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return null
  const raw = state.user && typeof state.user === 'object' ? state.user : {}
  const user = {}
  if (typeof raw.name === 'string') user.name = raw.name.slice(0, 100)
  if (Number.isInteger(raw.colour)) user.colour = raw.colour
  if (typeof raw.id === 'string' || Number.isSafeInteger(raw.id)) user.id = raw.id
  const c = state.cursor
  const cursor = c && typeof c === 'object' && isPosition(c.anchor) && isPosition(c.head) ? { anchor: c.anchor, head: c.head } : null
  return { user, cursor }
}

/** Read awareness messages through cleanAwarenessState, and never let a sync message break the page. */
export function guardIncoming ({ provider, onBroken }) {
  const handlers = provider.messageHandlers
  handlers[MESSAGE_AWARENESS] = (_encoder, decoder, p) => {
    let update
    try {
      const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder))
      const out = encoding.createEncoder()
      const count = decoding.readVarUint(inner)
      const entries = []
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(inner)
        const clock = decoding.readVarUint(inner)
        const text = decoding.readVarString(inner)
        let state = null
        try { state = JSON.parse(text) } catch (_) { continue }
        if (state !== null) {
          state = cleanAwarenessState(state)
          if (state === null) continue
        }
        entries.push([clientId, clock, JSON.stringify(state)])
      }
      encoding.writeVarUint(out, entries.length)
      for (const [clientId, clock, text] of entries) {
        encoding.writeVarUint(out, clientId)
        encoding.writeVarUint(out, clock)
        encoding.writeVarString(out, text)
      }
      update = encoding.toUint8Array(out)
    } catch (error) {
      console.warn('ignored a malformed awareness message', error)
      return
    }
    try {
      applyAwarenessUpdate(p.awareness, update, p)
    } catch (error) {
      console.warn('ignored an awareness state this editor cannot show', error)
    }
  }
  const sync = handlers[MESSAGE_SYNC]
  handlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
    try {
      sync(encoder, decoder, p, emitSynced, type)
    } catch (error) {
      // The document and the editor no longer agree: writing on would put words in the wrong place.
      console.error(error)
      onBroken('the pad received a change this editor cannot show')
    }
  }
}
