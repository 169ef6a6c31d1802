// The status line under the pad, and the container's data-pad-state for styles and tests:
// connecting | connected | reconnecting | offline | slowed | closed. A closed pad whose changes are
// not being saved says so ("Not saved — …") and carries data-pad-not-saved.
import * as decoding from 'lib0/decoding'

const OFFLINE_AFTER_MS = 4000
const MESSAGE_AUTH = 2
const MESSAGE_QUERY_AWARENESS = 3
const KEEPALIVE_MS = 10000
const PERMISSION_DENIED = 0

const NOTICE_MS = 8000
const SLOW_DOWN_WAIT_MS = 3000

export const CLOSE_NOT_ALLOWED = 4403
export const CLOSE_SIGNED_OUT = 4401
// The server refused a change (content the editor cannot show, or a full pad): it was not saved.
export const CLOSE_REFUSED = 4422
export const CLOSE_PAD_FULL = 4413
// A teacher redacted words from the pad: forget this copy (its history holds them) and load again.
export const CLOSE_REDACTED = 4410
// Too many messages at once: wait, then reconnect (the server gets what it lacks on the next sync).
const CLOSE_SLOW_DOWN = 4529
const isRefusal = (code) => code === CLOSE_REFUSED || code === CLOSE_PAD_FULL

/** People, not tabs: awareness states that name the same user count once. */
export function peopleHere (awareness) {
  const seen = new Set()
  awareness.getStates().forEach((state, clientId) => {
    const user = (state && state.user) || {}
    seen.add(user.id != null ? `id:${user.id}` : user.name ? `name:${user.name}` : `client:${clientId}`)
  })
  return Math.max(1, seen.size)
}

export function setupStatus ({ root, line, provider, canEdit, onClosed }) {
  let state = 'connecting'
  let timer = 0

  const texts = {
    connecting: () => 'Connecting…',
    reconnecting: () => 'Reconnecting…',
    offline: () => canEdit
      ? 'Offline: your changes are kept and will be sent'
      : 'Offline: the pad will catch up when you are back online',
    slowed: () => 'Slow down — too many changes at once; sending them again in a moment',
    connected: () => {
      const n = peopleHere(provider.awareness)
      return n === 1 ? 'Connected · just you here' : `Connected · ${n} people here`
    }
  }
  let closedText = ''
  let notice = ''
  let noticeTimer = 0

  const show = () => {
    root.setAttribute('data-pad-state', state)
    if (!line) return
    const text = state === 'closed' ? closedText : notice || texts[state]()
    if (line.textContent !== text) line.textContent = text
  }
  const set = (next) => {
    if (state === 'closed') return
    window.clearTimeout(timer)
    state = next
    if (next === 'reconnecting') timer = window.setTimeout(() => set('offline'), OFFLINE_AFTER_MS)
    show()
  }

  provider.on('status', ({ status }) => { if (status === 'connected') set('connected') })
  // Every closed socket, including attempts that never opened: a short wait, then "offline".
  provider.on('connection-close', () => {
    if (state === 'closed' || state === 'offline' || state === 'reconnecting' || state === 'slowed') return
    set(navigator.onLine === false ? 'offline' : 'reconnecting')
  })
  provider.awareness.on('change', () => { if (state === 'connected') show() })

  // The server decided: not allowed (4403), signed out (4401) or another 44xx; y-websocket has
  // already stopped reconnecting for these, and we make sure it stays that way.
  provider.on('closed', ({ code, reason }) => {
    provider.disconnect()
    if (state === 'closed') return
    if (code === CLOSE_SLOW_DOWN) {
      set('slowed')
      timer = window.setTimeout(() => { if (state === 'slowed') provider.connect() }, SLOW_DOWN_WAIT_MS)
      return
    }
    const said = String(reason || '').replace(/^\s*\d{4}\s*/, '')
    if (isRefusal(code)) {
      closedText = `Not saved — ${said || 'the server refused a change'}`
      root.setAttribute('data-pad-not-saved', 'true')
    } else if (code === CLOSE_REDACTED) closedText = 'Your teacher removed something from this pad: loading it again…'
    else if (code === CLOSE_NOT_ALLOWED) closedText = 'You can’t edit this pad'
    else if (code === CLOSE_SIGNED_OUT) {
      closedText = canEdit
        ? 'Your session ended: sign in again (your changes are kept on this device)'
        : 'Your session ended: sign in again'
    } else closedText = 'This pad is not available right now: reload the page to try again'
    window.clearTimeout(timer)
    state = 'closed'
    root.setAttribute('data-pad-closed', String(code))
    show()
    if (onClosed) onClosed(code)
  })

  // y-protocols' auth message, permission denied: ends the session like a 44xx close. A server
  // may send it just before closing, because some stacks (werkzeug + flask-sock) lose the close
  // code on the way to Chromium, which then sees 1006 and would otherwise keep reconnecting.
  provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder, p) => {
    if (decoding.readVarUint(decoder) !== PERMISSION_DENIED) return
    const reason = decoding.hasContent(decoder) ? decoding.readVarString(decoder) : ''
    const number = /^\s*(44\d\d)\b/.exec(reason)
    const code = number ? Number(number[1]) : /sign(ed)?[ -]?(in|out)|session/i.test(reason) ? CLOSE_SIGNED_OUT : CLOSE_NOT_ALLOWED
    p.emit('closed', [{ code, reason }, p])
  }

  // y-websocket drops a socket that has received nothing for 30 s. A server that does not echo a
  // writer's own awareness back would leave someone alone in a pad reconnecting every 30 s, so ask
  // for the awareness states (message 3) when the line has been quiet for a while.
  window.setInterval(() => {
    const ws = provider.ws
    if (!provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return
    if (Date.now() - provider.wsLastMessageReceived >= KEEPALIVE_MS) ws.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS))
  }, KEEPALIVE_MS / 2)

  window.addEventListener('offline', () => {
    // A socket whose network has gone cannot finish closing (its close frame never arrives), and
    // y-websocket tries again only once the old socket has closed, or after 30 s without a
    // message. Let go of it now; disconnect() has already planned the next attempt, so keep it.
    if (provider.ws && state !== 'closed') {
      provider.disconnect()
      provider.shouldConnect = true
    }
    set('offline')
  })
  window.addEventListener('online', () => { if (state === 'offline') set('reconnecting') })
  show()

  return {
    /** Say something for a while without changing the connection's state (e.g. the pad is full). */
    notice (text) {
      notice = text
      window.clearTimeout(noticeTimer)
      root.setAttribute('data-pad-notice', 'true')
      noticeTimer = window.setTimeout(() => { notice = ''; root.removeAttribute('data-pad-notice'); show() }, NOTICE_MS)
      show()
    },
    /** This editor can no longer save what is typed: stop, and say so. */
    fail (why) {
      if (state === 'closed') return
      provider.disconnect()
      window.clearTimeout(timer)
      state = 'closed'
      closedText = `Not saved — ${why}; reload the page to keep writing`
      root.setAttribute('data-pad-not-saved', 'true')
      show()
      if (onClosed) onClosed(0)
    }
  }
}
