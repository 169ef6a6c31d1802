// Norms reminders about this writer's own words (message type 100 from the server); for a teacher,
// what the check found in every writer's words (the same message, with audience "teacher"), and the
// findings in what was added since the last publication, sent with the page.
// The highlights are drawn over the editor, never written into the shared document.
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'

export const MESSAGE_FINDINGS = 100

const quote = (word) => `\u201c${word}\u201d`
const safeCategory = (category) => String(category || 'norms').toLowerCase().replace(/[^a-z0-9-]/g, '')

/** Rectangles (relative to the editor container) covering [index, index + length), one per visual line. */
function rectsFor (quill, index, length) {
  const origin = quill.container.getBoundingClientRect()
  let rects = []
  try {
    const [startLeaf, startOffset] = quill.scroll.leaf(index)
    const [endLeaf, endOffset] = quill.scroll.leaf(index + length)
    if (startLeaf && endLeaf) {
      const range = document.createRange()
      range.setStart(...startLeaf.position(startOffset, true))
      range.setEnd(...endLeaf.position(endOffset, true))
      rects = Array.from(range.getClientRects())
    }
  } catch (_) {
    rects = []
  }
  if (!rects.length) {
    const b = quill.getBounds(index, length)
    return b ? [{ left: b.left, top: b.top, width: b.width, height: b.height }] : []
  }
  const lines = []
  for (const r of rects) {
    if (r.width < 1 || r.height < 1) continue
    const line = lines.find((l) => Math.abs(l.top - r.top) < r.height / 2)
    if (line) {
      line.left = Math.min(line.left, r.left)
      line.right = Math.max(line.right, r.right)
      line.top = Math.min(line.top, r.top)
      line.bottom = Math.max(line.bottom, r.bottom)
    } else {
      lines.push({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })
    }
  }
  return lines.map((l) => ({
    left: l.left - origin.left, top: l.top - origin.top, width: l.right - l.left, height: l.bottom - l.top
  }))
}

export function setupFindings ({ provider, quill, ydoc, ytext, panel, initial = null }) {
  const layer = document.createElement('div')
  layer.className = 'pad-findings-layer'
  layer.setAttribute('aria-hidden', 'true')
  quill.container.appendChild(layer)

  /** @type {Array<{finding: any, start: Y.RelativePosition, end: Y.RelativePosition}>} */
  let marks = []
  // What the page said the teacher should look at: kept beside what the live checks say.
  let pageMarks = []
  let pageMessages = []
  let liveMessages = []
  let teacher = Boolean(initial)
  let shownMessages = ''
  let frame = 0

  const where = (mark) => {
    const start = Y.createAbsolutePositionFromRelativePosition(mark.start, ydoc)
    const end = Y.createAbsolutePositionFromRelativePosition(mark.end, ydoc)
    if (!start || !end || end.index <= start.index) return null
    return { index: start.index, length: end.index - start.index }
  }

  // A writer's reminder about her own words sits right under the line that has them, in a gap opened
  // below that line by a stylesheet rule (the document itself is not touched): it is where she looks,
  // even far down a long pad, and covers none of the text. A teacher's list stays under the pad.
  const padRoot = panel.closest('[data-pad]')
  const gapSheet = typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in document ? new CSSStyleSheet() : null
  if (gapSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, gapSheet]
  let gapRule = ''

  /** A selector for an element inside the editor, by its place among its siblings (lists nest one level). */
  const pathTo = (node) => {
    const steps = []
    while (node && node !== quill.root) {
      const parent = node.parentElement
      if (!parent) return null
      steps.unshift(`:nth-child(${Array.prototype.indexOf.call(parent.children, node) + 1})`)
      node = parent
    }
    return node === quill.root && steps.length ? steps.join(' > ') : null
  }

  const setGap = (rule) => {
    if (rule === gapRule) return
    gapRule = rule
    gapSheet.replaceSync(rule)
  }

  const unanchor = () => {
    if (gapSheet) setGap('')
    if (panel.classList.contains('is-anchored')) {
      panel.classList.remove('is-anchored')
      panel.style.top = ''
      panel.style.left = ''
      panel.style.width = ''
    }
  }

  /** The writer's finding nearest her caret (the one she is working on), or the first. */
  const nearest = () => {
    const spots = marks.map(where).filter(Boolean)
    if (!spots.length) return null
    const selection = quill.getSelection()
    if (!selection) return spots[0]
    const distance = (s) => Math.abs(s.index - selection.index)
    return spots.reduce((best, s) => (distance(s) < distance(best) ? s : best))
  }

  const anchor = () => {
    const spot = !teacher && !panel.hidden && gapSheet && padRoot ? nearest() : null
    const [line] = spot ? quill.getLine(Math.max(spot.index, spot.index + spot.length - 1)) : [null]
    const path = line && line.domNode ? pathTo(line.domNode) : null
    if (!path) { unanchor(); return }
    const box = padRoot.getBoundingClientRect()
    const editor = quill.container.getBoundingClientRect()
    const inset = Math.min(16, editor.width * 0.03)
    panel.classList.add('is-anchored')
    panel.style.left = `${editor.left - box.left + inset}px`
    panel.style.width = `${editor.width - 2 * inset}px`
    setGap(`.pad .ql-editor > ${path} { margin-bottom: ${panel.offsetHeight + 14}px !important; }`)
    panel.style.top = `${line.domNode.getBoundingClientRect().bottom - box.top + 6}px`
  }

  const draw = () => {
    frame = 0
    anchor()
    layer.textContent = ''
    for (const mark of marks.concat(pageMarks)) {
      const at = where(mark)
      if (!at) continue
      for (const r of rectsFor(quill, at.index, at.length)) {
        const box = document.createElement('div')
        box.className = `pad-finding-mark pad-finding-${safeCategory(mark.finding.category)}`
        box.style.left = `${r.left}px`
        box.style.top = `${r.top}px`
        box.style.width = `${r.width}px`
        box.style.height = `${r.height}px`
        layer.appendChild(box)
      }
    }
  }
  const redraw = () => { if (!frame) frame = requestAnimationFrame(draw) }

  const showMe = (item, button) => {
    const all = marks.concat(pageMarks)
    const matching = all.filter((m) => m.finding.message === item.message)
    const candidates = matching.length ? matching : all.filter((m) => m.finding.category === item.category)
    if (!candidates.length) return
    const turn = Number(button.dataset.turn || 0)
    button.dataset.turn = String(turn + 1)
    const at = where(candidates[turn % candidates.length])
    if (!at) return
    quill.focus()
    quill.setSelection(at.index, at.length, 'user')
  }

  // Folding the reminder down to one line lasts for this tab, across reloads of the pad.
  const FOLDED = 'commons-pad-reminder-folded'
  const session = () => { try { return window.sessionStorage } catch (_) { return null } }
  let folded = (session() && session().getItem(FOLDED)) === '1'
  const live = document.querySelector('[data-pad-findings-live]')
  let announced = ''

  /** Say what changed in a polite live region that is always there (the panel itself comes and goes). */
  const announce = (messages) => {
    if (!live) return
    let text = ''
    const about = teacher ? 'The norms check found in students’ words' : 'A reminder about your words'
    if (messages.length) text = `${about}: ${messages.map((m) => m.message).join(' ')}`
    else if (announced) text = teacher ? 'No more findings in students’ words.' : 'No more reminders about your words.'
    if (text !== announced) live.textContent = text
    announced = messages.length ? text : ''
  }

  const setFolded = (box, toggle, value) => {
    folded = value
    box.classList.toggle('is-folded', value)
    toggle.setAttribute('aria-expanded', String(!value))
    toggle.firstChild.textContent = value ? 'Show' : 'Hide'
    const store = session()
    if (store) { try { store.setItem(FOLDED, value ? '1' : '0') } catch (_) { /* private mode */ } }
  }

  const render = (messages) => {
    const key = JSON.stringify(messages)
    if (key === shownMessages) return
    shownMessages = key
    announce(messages)
    panel.textContent = ''
    if (!messages.length) { panel.hidden = true; return }
    const box = document.createElement('div')
    box.className = 'reminder-box pad-reminder'
    const head = document.createElement('div')
    head.className = 'pad-reminder-head'
    const title = document.createElement('p')
    title.className = 'reminder-title pad-reminder-title'
    // Folded to one line, the reminder says "Reminder: <the first message>" (a phone has room for little).
    const long = document.createElement('span')
    long.className = 'pad-reminder-long'
    long.textContent = teacher ? 'The norms check found, in students’ words' : 'A reminder about your words'
    const short = document.createElement('span')
    short.className = 'pad-reminder-short'
    short.textContent = teacher ? 'Found' : 'Reminder'
    title.append(long, short)
    const summary = document.createElement('span')
    summary.className = 'pad-reminder-summary'
    summary.textContent = `: ${messages[0].message}` + (messages.length > 1 ? ` (and ${messages.length - 1} more)` : '')
    title.appendChild(summary)
    const body = document.createElement('div')
    body.className = 'pad-reminder-body'
    body.id = `pad-reminder-body-${panel.closest('[data-pad-id]')?.getAttribute('data-pad-id') || 'pad'}`
    const toggle = document.createElement('button')
    toggle.type = 'button'
    toggle.className = 'link-button pad-reminder-toggle'
    toggle.setAttribute('aria-controls', body.id)
    const hint = document.createElement('span')
    hint.className = 'visually-hidden'
    hint.textContent = ' the reminder'
    toggle.append(document.createTextNode('Hide'), hint)
    toggle.addEventListener('click', () => { setFolded(box, toggle, !folded); redraw() })
    head.append(title, toggle)

    const list = document.createElement('ul')
    list.className = 'reminder-list'
    for (const item of messages) {
      const li = document.createElement('li')
      const strong = document.createElement('strong')
      strong.textContent = item.message
      li.appendChild(strong)
      const words = Array.isArray(item.words) ? item.words.filter((w) => typeof w === 'string' && w) : []
      if (words.length) {
        const about = document.createElement('span')
        about.className = 'muted'
        const authors = Array.isArray(item.authors) ? item.authors.filter((a) => typeof a === 'string') : []
        const said = ` About ${words.map(quote).join(', ')}${authors.length ? ` — ${authors.join(', ')}` : ''}`
        // A name such as "Jonah O." ends the sentence itself.
        about.textContent = said.endsWith('.') ? said : `${said}.`
        li.appendChild(about)
      }
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'link-button pad-show-me'
      button.textContent = 'Show me'
      button.setAttribute('aria-label', words.length ? `Show me ${words.map(quote).join(', ')} in the pad` : 'Show me in the pad')
      button.addEventListener('click', () => showMe(item, button))
      li.append(document.createTextNode(' '), button)
      list.appendChild(li)
    }
    const note = document.createElement('p')
    note.className = 'muted small pad-reminder-note'
    note.textContent = teacher
      ? 'Only teachers see this list; the highlights show where the words are.'
      : 'Only you see these highlights. Your classmates do not see these words until you change them or your teacher looks at them.'
    body.append(list, note)
    box.append(head, body)
    setFolded(box, toggle, folded)
    panel.appendChild(box)
    panel.hidden = false
  }

  const place = (findings) => {
    const length = ytext.length
    return findings.flatMap((finding) => {
      const start = Math.max(0, Math.min(Number(finding.start), length))
      const end = Math.max(0, Math.min(Number(finding.end), length))
      if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) return []
      return [{
        finding,
        start: Y.createRelativePositionFromTypeIndex(ytext, start, 0),
        end: Y.createRelativePositionFromTypeIndex(ytext, end, -1)
      }]
    })
  }

  /** One line per message, the page's and the live checks' together, with all their words and writers. */
  const merged = () => {
    const byMessage = new Map()
    for (const item of pageMessages.concat(liveMessages)) {
      const seen = byMessage.get(item.message)
      if (!seen) { byMessage.set(item.message, { ...item, words: [...(item.words || [])], authors: [...(item.authors || [])] }); continue }
      for (const w of item.words || []) if (!seen.words.includes(w)) seen.words.push(w)
      for (const a of item.authors || []) if (!seen.authors.includes(a)) seen.authors.push(a)
    }
    return Array.from(byMessage.values())
  }

  const receive = (data) => {
    const findings = Array.isArray(data && data.findings) ? data.findings : []
    if (data && data.audience === 'teacher') teacher = true
    marks = place(findings)
    let messages = Array.isArray(data && data.messages) ? data.messages : []
    messages = messages.filter((m) => m && typeof m.message === 'string')
    if (!messages.length) {
      // Findings without messages: one line per distinct message.
      const seen = new Map()
      for (const { finding } of marks) {
        if (!seen.has(finding.message)) seen.set(finding.message, { message: String(finding.message), category: finding.category, words: [] })
      }
      messages = Array.from(seen.values())
    }
    liveMessages = findings.length ? messages : []
    render(merged())
    redraw()
  }

  /** The findings the page was sent with (a teacher's), placed once the document has arrived. */
  const receivePage = () => {
    if (!initial) return
    const findings = Array.isArray(initial.findings) ? initial.findings : []
    pageMarks = place(findings)
    pageMessages = (Array.isArray(initial.messages) ? initial.messages : []).filter((m) => m && typeof m.message === 'string')
    render(merged())
    redraw()
  }
  provider.on('sync', (synced) => { if (synced && !pageMarks.length && !pageMessages.length) receivePage() })

  provider.messageHandlers[MESSAGE_FINDINGS] = (_encoder, decoder) => {
    let data = null
    try {
      data = JSON.parse(decoding.readVarString(decoder))
    } catch (_) {
      return
    }
    receive(data)
  }

  quill.on('text-change', redraw)
  quill.on('selection-change', redraw)
  quill.root.addEventListener('scroll', redraw, { passive: true })
  window.addEventListener('resize', redraw)
  if (typeof ResizeObserver === 'function') new ResizeObserver(redraw).observe(quill.root)
  return { receive, redraw }
}
