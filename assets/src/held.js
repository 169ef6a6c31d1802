// Words held back from classmates. After the norms check flags a writer's words, the server sets
// `held` = <hold id> on them (a writer's editor never does). Classmates' editors hide them; their
// writer and the class's teachers see them, highlighted. This hides them from the screen only: the
// document itself reaches every browser of the class (see board/pads/rooms.py).
export const HELD = 'held'
const ID = /^\d{1,20}$/

/** Register the `held` format: runs render as <span class="ql-held-<id>">. */
export function registerHeldFormat (Quill) {
  const { ClassAttributor, Scope } = Quill.import('parchment')
  class HeldAttributor extends ClassAttributor {
    canAdd (node, value) {
      return ID.test(String(value)) && super.canAdd(node, value)
    }
  }
  Quill.register(new HeldAttributor(HELD, 'ql-held', { scope: Scope.INLINE }), true)
}

/** Show held words to whoever may see them, and keep Quill from carrying a hold onto new text. */
export function showHeld ({ root, quill, ownId, seesAll }) {
  if (seesAll) root.setAttribute('data-pad-sees-held', 'true')
  else if (ID.test(ownId)) {
    // Their own held words: a rule for their author id (ids are many, so it is made here).
    try {
      const sheet = new CSSStyleSheet()
      sheet.insertRule(`.pad .ql-editor .ql-author-${ownId}[class*="ql-held-"] { display: inline; }`)
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    } catch (_) { /* without constructed stylesheets the writer sees their words through the reminder */ }
  }
  // Typing right after held words, the browser may put the new letters inside their span; the
  // Y.Text never holds them (Yjs and the server see to it), so Quill must not show them held.
  quill.on('text-change', (delta, _old, source) => {
    if (typeof source !== 'string' || source === 'silent') return
    let index = 0
    const carried = []
    for (const op of delta.ops) {
      const length = typeof op.insert === 'string' ? op.insert.length : typeof op.retain === 'number' ? op.retain : 1
      if (op.insert !== undefined && op.attributes && op.attributes[HELD]) carried.push([index, length])
      if (op.delete === undefined) index += length
    }
    for (const [at, length] of carried) quill.formatText(at, length, HELD, false, 'silent')
  })
}
