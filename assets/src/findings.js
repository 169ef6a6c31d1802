// Norms reminders about this writer's own words (message type 100 from the server).
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

export function setupFindings ({ provider, quill, ydoc, ytext, panel }) {
  const layer = document.createElement('div')
  layer.className = 'pad-findings-layer'
  layer.setAttribute('aria-hidden', 'true')
  quill.container.appendChild(layer)

  /** @type {Array<{finding: any, start: Y.RelativePosition, end: Y.RelativePosition}>} */
  let marks = []
  let shownMessages = ''
  let frame = 0

  const where = (mark) => {
    const start = Y.createAbsolutePositionFromRelativePosition(mark.start, ydoc)
    const end = Y.createAbsolutePositionFromRelativePosition(mark.end, ydoc)
    if (!start || !end || end.index <= start.index) return null
    return { index: start.index, length: end.index - start.index }
  }

  const draw = () => {
    frame = 0
    layer.textContent = ''
    for (const mark of marks) {
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
    const matching = marks.filter((m) => m.finding.message === item.message)
    const candidates = matching.length ? matching : marks.filter((m) => m.finding.category === item.category)
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
    if (messages.length) text = `A reminder about your words: ${messages.map((m) => m.message).join(' ')}`
    else if (announced) text = 'No more reminders about your words.'
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
    long.textContent = 'A reminder about your words'
    const short = document.createElement('span')
    short.className = 'pad-reminder-short'
    short.textContent = 'Reminder'
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
    toggle.addEventListener('click', () => setFolded(box, toggle, !folded))
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
        about.textContent = ` About ${words.map(quote).join(', ')}.`
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
    note.textContent = 'Only you see these highlights. You can change your words at any time.'
    body.append(list, note)
    box.append(head, body)
    setFolded(box, toggle, folded)
    panel.appendChild(box)
    panel.hidden = false
  }

  const receive = (data) => {
    const length = ytext.length
    const findings = Array.isArray(data && data.findings) ? data.findings : []
    marks = findings.flatMap((finding) => {
      const start = Math.max(0, Math.min(Number(finding.start), length))
      const end = Math.max(0, Math.min(Number(finding.end), length))
      if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) return []
      return [{
        finding,
        start: Y.createRelativePositionFromTypeIndex(ytext, start, 0),
        end: Y.createRelativePositionFromTypeIndex(ytext, end, -1)
      }]
    })
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
    render(findings.length ? messages : [])
    redraw()
  }

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
  quill.root.addEventListener('scroll', redraw, { passive: true })
  window.addEventListener('resize', redraw)
  if (typeof ResizeObserver === 'function') new ResizeObserver(redraw).observe(quill.root)
  return { receive, redraw }
}
