// Who else is in the pad, and on which line, for people who do not see (or cannot point at) the
// coloured cursors: a visually hidden, politely live sentence, "Also here: Maya C. (line 3), …".
import * as Y from 'yjs'

const SETTLE_MS = 1000

/** The line (from 1) of a position in the text. */
function lineAt (text, index) {
  let line = 1
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++
  return line
}

export function describePeopleHere ({ region, awareness, ydoc, ytext, ownId }) {
  if (!region) return
  let timer = 0
  const describe = () => {
    timer = 0
    const text = ytext.toString()
    const people = new Map()
    awareness.getStates().forEach((state, clientId) => {
      const user = state && state.user
      if (clientId === ydoc.clientID || !user || typeof user.name !== 'string' || !user.name) return
      if (ownId && String(user.id) === ownId) return
      let line = null
      const head = state.cursor && state.cursor.head
      if (head) {
        try {
          const at = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(head), ydoc)
          if (at) line = lineAt(text, at.index)
        } catch (_) { line = null }
      }
      const key = user.id != null ? `id:${user.id}` : `name:${user.name}`
      const known = people.get(key)
      if (!known || (known.line == null && line != null)) people.set(key, { name: user.name, line })
    })
    const list = Array.from(people.values()).sort((a, b) => a.name.localeCompare(b.name))
    const names = list.map((p) => (p.line != null ? `${p.name} (line ${p.line})` : p.name)).join(', ')
    // "Maya C." ends a sentence by itself: no second full stop.
    const sentence = list.length ? `Also here: ${names}${names.endsWith('.') ? '' : '.'}` : 'Nobody else is here.'
    if (region.textContent !== sentence) region.textContent = sentence
  }
  // Said once things settle, not at every keystroke of everyone.
  const later = () => { if (!timer) timer = window.setTimeout(describe, SETTLE_MS) }
  awareness.on('change', later)
  ytext.observe(later)
  later()
}
