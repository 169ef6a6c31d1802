/* Commons in the browser: everything here improves a page that already works without it. */
(function () {
  "use strict";

  var DRAFT_PREFIX = "commons-draft:";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.content : "";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  /* ---- Drafts: what a student types survives a closed tab, a crash or a restart. ---- */

  function setupDrafts(form) {
    var key = form.getAttribute("data-draft-key");
    var box = form.querySelector("textarea[name=body]");
    var store = storage();
    if (!key || !box || !store) return;
    var slot = DRAFT_PREFIX + key;
    var submission = form.querySelector("input[name=submission_key]");
    var saved = null;
    try { saved = JSON.parse(store.getItem(slot) || "null"); } catch (e) { saved = null; }
    if (saved && saved.text && !box.value.trim()) {
      box.value = saved.text;
      // The restored text keeps its first key, so the server still sees one post, and the
      // page after posting clears this draft.
      if (submission && saved.key) submission.value = saved.key;
      var note = document.createElement("p");
      note.className = "hint";
      note.setAttribute("role", "status");
      note.textContent = "We restored the draft you had not sent yet.";
      box.insertAdjacentElement("afterend", note);
    }
    box.addEventListener("input", function () {
      if (box.value.trim()) {
        store.setItem(slot, JSON.stringify({
          text: box.value, key: submission ? submission.value : "", at: Date.now()
        }));
      } else {
        store.removeItem(slot);
      }
    });
  }

  function clearPostedDrafts() {
    var marker = document.querySelector("[data-posted-key]");
    var store = storage();
    if (!marker || !store) return;
    var posted = marker.getAttribute("data-posted-key");
    for (var i = store.length - 1; i >= 0; i--) {
      var name = store.key(i);
      if (!name || name.indexOf(DRAFT_PREFIX) !== 0) continue;
      try {
        var draft = JSON.parse(store.getItem(name) || "null");
        if (draft && draft.key === posted) store.removeItem(name);
      } catch (e) { store.removeItem(name); }
    }
  }

  function clearAllDrafts() {
    var store = storage();
    if (!store) return;
    for (var i = store.length - 1; i >= 0; i--) {
      var name = store.key(i);
      if (name && name.indexOf(DRAFT_PREFIX) === 0) store.removeItem(name);
    }
  }

  /* ---- One submit per click: the server also refuses duplicates, this just saves a trip. ---- */

  function guardDoubleSubmit(event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches || !form.matches("form[method=post], form[method=POST]")) return;
    if (form.getAttribute("data-submitting") === "1") { event.preventDefault(); return; }
    form.setAttribute("data-submitting", "1");
    var clicked = event.submitter;
    if (clicked && clicked.name) {
      var carry = document.createElement("input");
      carry.type = "hidden"; carry.name = clicked.name; carry.value = clicked.value;
      form.appendChild(carry);
    }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
    // If the page is still here after a while (a slow network), let the person try again.
    window.setTimeout(function () {
      form.removeAttribute("data-submitting");
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
    }, 8000);
  }

  /* ---- Norms reminders as the student types. The draft is checked, never stored. ---- */

  function renderReminder(panel, text, data) {
    panel.textContent = "";
    var empty = panel.parentElement.querySelector("[data-no-findings]");
    if (!data.findings.length) {
      panel.hidden = true;
      if (empty) empty.hidden = !text.trim();
      return;
    }
    if (empty) empty.hidden = true;
    var box = document.createElement("div");
    box.className = "reminder-box";
    var title = document.createElement("p");
    title.className = "reminder-title";
    title.textContent = "A reminder as you write";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.className = "reminder-list";
    data.messages.forEach(function (item) {
      var li = document.createElement("li");
      var strong = document.createElement("strong");
      strong.textContent = item.message;
      li.appendChild(strong);
      if (item.words.length) {
        var words = document.createElement("span");
        words.className = "muted";
        words.textContent = "About: " + item.words.map(function (w) { return "\u201c" + w + "\u201d"; }).join(", ");
        li.appendChild(words);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    var preview = document.createElement("p");
    preview.className = "reminder-preview";
    var cursor = 0;
    data.findings.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (f) {
      if (f.start < cursor) return;
      preview.appendChild(document.createTextNode(text.slice(cursor, f.start)));
      var mark = document.createElement("mark");
      mark.className = "finding finding-" + f.category;
      mark.title = f.message;
      mark.textContent = text.slice(f.start, f.end);
      preview.appendChild(mark);
      cursor = f.end;
    });
    preview.appendChild(document.createTextNode(text.slice(cursor)));
    box.appendChild(preview);
    panel.appendChild(box);
    panel.hidden = false;
  }

  function setupLiveCheck(form) {
    var box = form.querySelector("textarea[name=body]");
    var panel = form.querySelector("[data-reminder]");
    if (!box || !panel || !window.fetch) return;
    var timer = null;
    var sequence = 0;
    function run() {
      var text = box.value;
      var mine = ++sequence;
      if (!text.trim()) { renderReminder(panel, text, { findings: [], messages: [] }); return; }
      fetch("/norms/check", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
        body: JSON.stringify({ text: text })
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data && mine === sequence) renderReminder(panel, text, data);
      }).catch(function () { /* the server check on submit still runs */ });
    }
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 600);
    });
  }

  /* ---- A form that came back with a problem: start at the first field to fix. ---- */

  function focusFirstProblem() {
    var field = document.querySelector("[aria-invalid=true]");
    if (!field || typeof field.focus !== "function") return;
    // Someone who already moved on (a click, a tab) keeps their place; an autofocus field gives way.
    var active = document.activeElement;
    if (active && active !== document.body && active !== field && !active.hasAttribute("autofocus")) return;
    var details = field.closest("details");
    if (details) details.open = true;
    // The field's label and its error (aria-describedby) are read out when it takes the focus.
    try { field.focus({ preventScroll: true }); } catch (e) { field.focus(); }
    field.scrollIntoView({ block: "center" });
  }

  /* ---- Confirmations for changes that are hard to take back. ---- */

  function confirmFirst(event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }

  /* ---- A pad's history: the slider and the list load each revision without leaving the page. ---- */

  function setupHistory() {
    var range = document.querySelector("[data-history] input[type=range]");
    var view = document.querySelector("[data-history-view]");
    if (!range || !view || !window.fetch) return;
    var label = document.querySelector("[data-history-label]");
    var live = document.querySelector("[data-history-live]");
    var list = document.querySelector(".revision-list");
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-revision-link]"));
    var base = range.getAttribute("data-fragment-base");
    var timer = null;

    function itemOf(number) {
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("data-revision-link") === String(number)) return links[i].closest("li");
      }
      return null;
    }

    // The list says which revision is shown, as the slider does, and keeps it in view inside its box.
    function mark(number) {
      links.forEach(function (link) {
        var on = link.getAttribute("data-revision-link") === String(number);
        link.closest("li").classList.toggle("is-current", on);
        if (on) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
      });
      var item = itemOf(number);
      if (label) label.textContent = number;
      if (item && item.getAttribute("data-revision-text")) range.setAttribute("aria-valuetext", item.getAttribute("data-revision-text"));
      if (item && list && list.scrollHeight > list.clientHeight) {
        if (item.offsetTop < list.scrollTop) list.scrollTop = item.offsetTop;
        else if (item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = item.offsetTop + item.offsetHeight - list.clientHeight;
        }
      }
    }

    function load(wanted, announce) {
      fetch(base + wanted, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (fragment) {
        if (fragment === null || wanted !== range.value) return;
        view.innerHTML = fragment;  // the server's own page fragment, cleaned there
        window.history.replaceState(null, "", "?rev=" + wanted);
        var item = itemOf(wanted);
        if (announce && live && item) live.textContent = item.getAttribute("data-revision-text");
      }).catch(function () { /* the links still work */ });
    }

    function show(number, announce) {
      range.value = number;
      mark(range.value);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { load(range.value, announce); }, announce ? 0 : 120);
    }

    range.addEventListener("input", function () { show(range.value, false); });
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        show(link.getAttribute("data-revision-link"), true);
      });
    });
    mark(range.value);
  }

  document.addEventListener("DOMContentLoaded", function () {
    clearPostedDrafts();
    document.querySelectorAll("form[data-composer]").forEach(function (form) {
      setupDrafts(form);
      setupLiveCheck(form);
    });
    // Confirmation first, so a cancelled confirmation never counts as a submit. Both listen on the
    // document, so forms that arrive later (a history revision) behave the same.
    document.addEventListener("submit", confirmFirst);
    document.addEventListener("submit", guardDoubleSubmit);
    setupHistory();
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    var signOut = document.querySelector('form[action$="/logout"]');
    if (signOut) signOut.addEventListener("submit", clearAllDrafts);
  });
  // After the page and its #anchor have settled: going to an anchor would otherwise take the focus back.
  window.addEventListener("load", function () { window.setTimeout(focusFirstProblem, 0); });
})();
