// The twelve authorship colours: a light background that dark text reads well on, and a
// stronger shade of the same hue for the underline, the caret and the name flag (white text).
// Slot = author id % 12, the same rule as board/pads/render.py. build.mjs writes the static
// .author-c0 … .author-c11 classes from this list, so the page and the editor never disagree.
export const PALETTE = [
  { name: 'amber', background: '#fff0b3', strong: '#8a5a00' },
  { name: 'blue', background: '#dbeafe', strong: '#1d5fb0' },
  { name: 'green', background: '#d6f5dc', strong: '#22743a' },
  { name: 'pink', background: '#fde2f0', strong: '#a4306b' },
  { name: 'violet', background: '#ebe3fc', strong: '#6640b0' },
  { name: 'orange', background: '#ffe3cc', strong: '#a34a0b' },
  { name: 'teal', background: '#d2f3ee', strong: '#17706a' },
  { name: 'red', background: '#fcdede', strong: '#ad2727' },
  { name: 'indigo', background: '#e2e5fd', strong: '#3c46a6' },
  { name: 'olive', background: '#ecf3c6', strong: '#566a0e' },
  { name: 'brown', background: '#f1e4d6', strong: '#7b5230' },
  { name: 'slate', background: '#e3eaf0', strong: '#3f5468' }
]

export const INK = '#1c2430'

/** The palette slot of an author id ("7" or 7); unknown ids share slot 0. */
export const slotOf = (authorId) => {
  const n = Number.parseInt(authorId, 10)
  return Number.isFinite(n) && n >= 0 ? n % PALETTE.length : 0
}
