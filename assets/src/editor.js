// Quill with only the formats a pad keeps, a labelled toolbar, and keyboard rules that never trap focus.
import Quill from 'quill/core.js'
import Toolbar from 'quill/modules/toolbar.js'
import SnowTheme from 'quill/themes/snow.js'
import Bold from 'quill/formats/bold.js'
import Italic from 'quill/formats/italic.js'
import Strike from 'quill/formats/strike.js'
import Link from 'quill/formats/link.js'
import Header from 'quill/formats/header.js'
import Blockquote from 'quill/formats/blockquote.js'
import List from 'quill/formats/list.js'
import Indent from 'quill/formats/indent.js'
import CodeBlock, { Code } from 'quill/formats/code.js'
import QuillCursors from 'quill-cursors/core'
import { registerAuthorFormat } from './authorship.js'
import { registerHeldFormat } from './held.js'

Quill.register({
  'formats/bold': Bold,
  'formats/italic': Italic,
  'formats/strike': Strike,
  'formats/link': Link,
  'formats/code': Code,
  'formats/header': Header,
  'formats/blockquote': Blockquote,
  'formats/list': List,
  'formats/indent': Indent,
  'formats/code-block': CodeBlock,
  'modules/toolbar': Toolbar,
  'modules/cursors': QuillCursors.default || QuillCursors,
  'themes/snow': SnowTheme
}, true)
registerAuthorFormat(Quill)
registerHeldFormat(Quill)

// What the server keeps (board/pads/document.py); pasted images, colours or fonts are dropped on the way in.
const FORMATS = ['header', 'bold', 'italic', 'strike', 'link', 'code', 'list', 'indent',
  'blockquote', 'code-block', 'author', 'held']

const MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
const KEY = MAC ? '⌘' : 'Ctrl+'

// [format, value, label, shortcut]; the toolbar has no author control on purpose.
const GROUPS = [
  ['Headings', [['header', '1', 'Heading 1'], ['header', '2', 'Heading 2'], ['header', '3', 'Heading 3']]],
  ['Text', [['bold', null, 'Bold', `${KEY}B`], ['italic', null, 'Italic', `${KEY}I`],
    ['strike', null, 'Strikethrough'], ['link', null, 'Link', `${KEY}K`]]],
  ['Lists', [['list', 'ordered', 'Numbered list'], ['list', 'bullet', 'Bulleted list'],
    ['indent', '-1', 'Outdent', `${KEY}[`], ['indent', '+1', 'Indent', `${KEY}]`]]],
  ['Blocks', [['blockquote', null, 'Quote'], ['code-block', null, 'Code block'],
    ['clean', null, 'Remove formatting']]]
]

function buildFormattingBar () {
  const bar = document.createElement('div')
  bar.className = 'pad-formatting'
  bar.setAttribute('role', 'toolbar')
  bar.setAttribute('aria-label', 'Formatting')
  for (const [groupLabel, controls] of GROUPS) {
    const group = document.createElement('span')
    group.className = 'ql-formats'
    group.setAttribute('role', 'group')
    group.setAttribute('aria-label', groupLabel)
    for (const [format, value, label, shortcut] of controls) {
      const button = document.createElement('button')
      button.type = 'button'
      button.className = `ql-${format}`
      if (value != null) button.value = value
      button.setAttribute('aria-label', label)
      button.title = shortcut ? `${label} (${shortcut})` : label
      group.appendChild(button)
    }
    bar.appendChild(group)
  }
  return bar
}

/** One tab stop for the whole toolbar; arrow keys, Home and End move between its buttons. */
function rovingFocus (bar) {
  const buttons = () => Array.from(bar.querySelectorAll('button'))
  buttons().forEach((b, i) => { b.tabIndex = i === 0 ? 0 : -1 })
  bar.addEventListener('focusin', (event) => {
    if (!(event.target instanceof HTMLButtonElement)) return
    buttons().forEach((b) => { b.tabIndex = b === event.target ? 0 : -1 })
  })
  bar.addEventListener('keydown', (event) => {
    const list = buttons()
    const at = list.indexOf(document.activeElement)
    if (at < 0) return
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 }[event.key]
    if (next === undefined) return
    event.preventDefault()
    list[(next + list.length) % list.length].focus()
  })
}

/** Let the link tooltip be used without a mouse: a label for its field, real buttons for its actions. */
function accessibleTooltip (quill) {
  const tooltip = quill.theme && quill.theme.tooltip
  if (!tooltip || !tooltip.root) return
  if (tooltip.textbox) tooltip.textbox.setAttribute('aria-label', 'Link address')
  tooltip.root.querySelectorAll('a.ql-action, a.ql-remove').forEach((a) => {
    a.setAttribute('role', 'button')
    a.tabIndex = 0
    a.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); a.click() }
    })
  })
  const preview = tooltip.root.querySelector('a.ql-preview')
  if (preview) preview.rel = 'nofollow ugc noopener noreferrer'
}

/** Create the editor inside the pad; returns the Quill instance. */
export function createEditor ({ root, toolbarSlot, editorSlot, canEdit }) {
  let bar = null
  if (canEdit && toolbarSlot) {
    bar = buildFormattingBar()
    toolbarSlot.appendChild(bar)
  }
  const indentBy = (value) => ({
    key: value === '+1' ? ']' : '[',
    shortKey: true,
    handler () { this.quill.format('indent', value, 'user'); return false }
  })
  const quill = new Quill(editorSlot, {
    theme: 'snow',
    formats: FORMATS,
    bounds: editorSlot,
    readOnly: !canEdit,
    placeholder: canEdit ? 'Write here…' : '',
    modules: {
      toolbar: bar ? { container: bar } : false,
      cursors: { transformOnTextChange: true, hideDelayMs: 1500, hideSpeedMs: 300 },
      // Undo only what this person did, never a classmate's typing.
      history: { userOnly: true, delay: 800 },
      keyboard: {
        bindings: {
          // Tab leaves the editor (no keyboard trap); indenting is on the toolbar and Ctrl+] / Ctrl+[.
          tab: null,
          'remove tab': null,
          'indent code-block': null,
          'outdent code-block': null,
          'table tab': null,
          underline: null,
          'pad indent': indentBy('+1'),
          'pad outdent': indentBy('-1')
        }
      }
    }
  })
  quill.root.setAttribute('role', 'textbox')
  quill.root.setAttribute('aria-multiline', 'true')
  quill.root.setAttribute('aria-label', root.getAttribute('data-pad-label') || 'Pad text')
  if (!canEdit) quill.root.setAttribute('aria-readonly', 'true')
  if (bar) rovingFocus(bar)
  accessibleTooltip(quill)
  return quill
}

export { Quill }
