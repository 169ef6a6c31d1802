// The pictures strip under the pad (board/pads/pictures.py). When the room says the pad's pictures changed
// (message type 101, with nothing about them in it), the strip is asked for again as this reader may see
// it, and its list swapped in: an approved picture appears for classmates without a reload. The form to
// add a picture is left alone, so nothing being typed there is lost.
export const MESSAGE_PICTURES = 101

const LIST = '[data-pad-pictures-list]'

function countOf (list) {
  return list ? list.querySelectorAll('li.pad-picture').length : 0
}

export function setupPictures ({ provider, strip }) {
  if (!strip || !strip.dataset.picturesUrl) return null
  let asking = null
  let again = false

  const refresh = () => {
    if (asking) { again = true; return asking }
    asking = fetch(strip.dataset.picturesUrl, {
      credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' }
    }).then((response) => (response.ok ? response.text() : null)).then((text) => {
      if (text === null) return
      const fresh = new DOMParser().parseFromString(text, 'text/html').querySelector(LIST)
      const list = strip.querySelector(LIST)
      if (!fresh || !list) return
      const before = countOf(list)
      const node = document.importNode(fresh, true)
      list.replaceWith(node)
      const after = countOf(node)
      const live = node.querySelector('[data-pad-pictures-live]')
      if (live && after !== before) {
        live.textContent = after > before ? 'A picture was added to the pad.' : 'A picture was taken out of the pad.'
      }
    }).catch(() => { /* the next change, or the next visit, shows them */ }).finally(() => {
      asking = null
      if (again) { again = false; refresh() }
    })
    return asking
  }

  provider.messageHandlers[MESSAGE_PICTURES] = () => { refresh() }
  return { refresh }
}
