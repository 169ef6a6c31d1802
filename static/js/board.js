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

  /* ---- The server's reminder after a post: it is where the eyes go, even on a phone. ---- */

  function showServerReminder() {
    // Only a reminder the server sent with the page; one that appears while typing stays put.
    var box = document.querySelector("form[data-composer] [data-reminder]:not([hidden]) .reminder-box");
    if (!box || document.querySelector("[aria-invalid=true]")) return;
    var active = document.activeElement;
    if (active && active !== document.body && !active.hasAttribute("autofocus")) return;
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    box.setAttribute("tabindex", "-1");
    // The scroll comes first and the focus does not scroll again, so the reminder's title sits at the
    // top of a small screen; the group's name (its title) is read out as the focus arrives.
    box.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
    try { box.focus({ preventScroll: true }); } catch (e) { box.focus(); }
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

  // Copy buttons (the join code page): the clipboard where the browser allows it, else the text is
  // selected so Ctrl+C or the phone's menu copies it. Without this script the fields are there to select.
  function setupCopyButtons() {
    var status = document.querySelector("[data-copy-status]");
    function say(text) { if (status) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); } }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) return;
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        function selected() {
          field.focus();
          field.select();
          say("Selected: press Ctrl+C or use your device’s Copy.");
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(function () {
            button.textContent = "Copied";
            say("Copied " + field.value);
            window.setTimeout(function () { button.textContent = label; }, 2000);
          }, selected);
        } else {
          selected();
        }
      });
    });
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
      select.addEventListener("change", function () {
        // A prompt filter follows its class: a prompt of the class left behind is no filter.
        var resets = select.getAttribute("data-filter-resets");
        var other = resets && document.getElementById(resets);
        if (other) other.value = "";
        select.form.submit();
      });
    });
    // Filters apply on change, so their button is only for pages without this script.
    document.querySelectorAll("form[data-autosubmit] [data-autosubmit-button]").forEach(function (button) {
      button.hidden = true;
    });
    setupCopyButtons();
    var signOut = document.querySelector('form[action$="/logout"]');
    if (signOut) signOut.addEventListener("submit", clearAllDrafts);
  });
  // After the page and its #anchor have settled: going to an anchor would otherwise take the focus back.
  window.addEventListener("load", function () {
    window.setTimeout(function () { focusFirstProblem(); showServerReminder(); }, 0);
  });
})();

/* ---- The queue keeps your place: decisions and undos are sent in the page, focus moves to the next
   item, and the keys work for a whole session. Every form here also works without this script. ---- */
(function () {
  "use strict";

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.content : "";
  var TAB_OF_STATUS = { returned: "3", rejected: "4" };

  function setup() {
    var live = document.querySelector("[data-queue-live]");
    var help = document.getElementById("keys-help");
    var toggle = document.querySelector("[data-keys-toggle]");
    var focusMode = !!document.querySelector(".queue-focus");
    var current = null;
    var lastDecided = null;
    var helpReturn = null;

    function items() {
      return Array.prototype.slice.call(document.querySelectorAll("[data-queue-item]"));
    }

    function announce(text) {
      if (!live) return;
      // Emptied first, so the same words said twice are announced twice.
      live.textContent = "";
      window.requestAnimationFrame(function () { live.textContent = text; });
    }

    function updatePosition() {
      var position = document.querySelector("[data-focus-position]");
      var all = items();
      if (!position || !current) return;
      position.textContent = "Item " + (all.indexOf(current) + 1) + " of " + all.length + " still waiting on this page";
    }

    function show(item, moveFocus) {
      current = item;
      items().forEach(function (other) { other.classList.toggle("is-current", other === item); });
      if (focusMode) {
        document.querySelectorAll(".queue-list > li").forEach(function (li) {
          li.classList.toggle("is-shown", li === item.closest("li") || li === lastDecided);
        });
        updatePosition();
      }
      if (moveFocus !== false) {
        item.focus({ preventScroll: true });
        item.scrollIntoView({ block: "nearest" });
      }
    }

    function move(delta) {
      var all = items();
      if (!all.length) return;
      var index = all.indexOf(current);
      index = index < 0 ? (delta > 0 ? 0 : all.length - 1) : Math.max(0, Math.min(all.length - 1, index + delta));
      show(all[index]);
    }

    function currentItem() {
      if (current && document.body.contains(current)) return current;
      var inside = document.activeElement && document.activeElement.closest("[data-queue-item]");
      return inside || items()[0] || null;
    }

    function replaceRecent(html) {
      var old = document.getElementById("recent-decisions");
      if (!old || html === null || html === undefined) return;
      var holder = document.createElement("div");
      holder.innerHTML = html;  // the server's own fragment
      old.replaceWith(holder.firstElementChild);
    }

    function bump(tab, by) {
      var count = document.querySelector('[data-tab="' + tab + '"] .count');
      if (count) count.textContent = String(Math.max(0, parseInt(count.textContent, 10) + by));
    }

    // The header's badge counts what waits (pending and reported); its age is the page's, so it goes.
    function bumpWaiting(by) {
      var badge = document.querySelector(".nav-queue .count");
      if (!badge) return;
      var left = Math.max(0, (parseInt(badge.textContent, 10) || 0) + by);
      if (!left) { badge.remove(); return; }
      badge.textContent = String(left);
      badge.setAttribute("aria-label", left + " waiting");
    }

    function waitingTab() {
      var tab = currentTab();
      return tab === "1" || tab === "2";
    }

    function currentTab() {
      var link = document.querySelector(".tabs [aria-current=page]");
      return link ? link.getAttribute("data-tab") : null;
    }

    function post(form) {
      // An input named "action" hides form.action: read the attribute.
      return fetch(form.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken },
        body: new FormData(form)
      }).then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      });
    }

    function showError(form, data) {
      var field = form.querySelector('[name="' + data.field + '"]') || form.querySelector("textarea");
      var id = "js-error-" + (field ? field.id : "form");
      var error = document.getElementById(id);
      if (!error) {
        error = document.createElement("p");
        error.className = "error";
        error.id = id;
        error.setAttribute("role", "alert");
        if (field) field.insertAdjacentElement("afterend", error); else form.prepend(error);
      }
      error.textContent = data.message;
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", id);
        field.focus();
      }
    }

    function pageDone() {
      // Nothing is left to step through: the position and Previous/Next would only mislead.
      var bar = document.querySelector(".focus-bar");
      if (bar) bar.remove();
      var done = document.querySelector("[data-page-done]");
      if (!done) return;
      done.hidden = false;
      done.setAttribute("tabindex", "-1");
      done.focus();
    }

    function decide(form) {
      var item = form.closest("[data-queue-item]");
      if (!item || item.getAttribute("data-sending")) return;
      item.setAttribute("data-sending", "1");
      var li = item.closest("li");
      var all = items();
      var index = all.indexOf(item);
      var next = all[index + 1] || all[index - 1] || null;
      post(form).then(function (answer) {
        var data = answer.data;
        item.removeAttribute("data-sending");
        if (answer.status === 422) { showError(form, data); return; }
        if (!data.stub) throw new Error("no answer to show");
        li.innerHTML = data.stub;  // the server's own fragment: what was decided, and its Undo
        li.classList.add("is-decided");
        lastDecided = li;
        replaceRecent(data.recent);
        if (data.ok) {
          if (waitingTab()) bumpWaiting(-1);
          bump(currentTab(), -1);
          if (TAB_OF_STATUS[data.status]) bump(TAB_OF_STATUS[data.status], 1);
        }
        if (next) {
          show(next);
          announce(data.message + " Next: " + next.getAttribute("data-who") + ".");
        } else {
          if (focusMode) li.classList.add("is-shown");
          current = null;
          pageDone();
          announce(data.message + " That was the last item on this page.");
        }
      }).catch(function () {
        // Something unexpected (a network error, an error page): let the page do it the plain way.
        item.removeAttribute("data-sending");
        form.submit();
      });
    }

    function undo(form) {
      post(form).then(function (answer) {
        var data = answer.data;
        if (data.reload) { window.location.reload(); return; }
        replaceRecent(data.recent);
        if (!data.ok) { announce(data.message); return; }
        var stub = document.getElementById("q" + data.item_id);
        if (!stub || !stub.hasAttribute("data-decided") || !data.item) { window.location.reload(); return; }
        var li = stub.closest("li");
        var holder = document.createElement("ol");
        holder.innerHTML = data.item;  // the server's own fragment
        var fresh = holder.firstElementChild;
        li.replaceWith(fresh);
        if (lastDecided === li) lastDecided = null;
        bump(currentTab(), 1);
        if (waitingTab()) bumpWaiting(1);
        if (TAB_OF_STATUS[data.undone_status]) bump(TAB_OF_STATUS[data.undone_status], -1);
        var done = document.querySelector("[data-page-done]");
        if (done) done.hidden = true;
        show(fresh.querySelector("[data-queue-item]"));
        announce(data.message);
      }).catch(function () { form.submit(); });
    }

    // Captured before the page's other submit handlers, which leave a prevented submit alone.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!window.fetch || !form.matches) return;
      if (form.matches("form[data-decide]")) { event.preventDefault(); decide(form); }
      else if (form.matches("form[data-undo]")) { event.preventDefault(); undo(form); }
    }, true);

    document.addEventListener("focusin", function (event) {
      var item = event.target.closest && event.target.closest("[data-queue-item]");
      if (item && item !== current) {
        current = item;
        items().forEach(function (other) { other.classList.toggle("is-current", other === item); });
        if (focusMode) updatePosition();
      }
    });

    /* ---- The shortcuts panel: a dialog; Esc closes it and the focus goes back where it was. ---- */
    function openHelp() {
      if (!help || !help.showModal || help.open) return;
      helpReturn = document.activeElement;
      help.showModal();
    }
    if (help && help.showModal) {
      if (toggle) { toggle.hidden = false; toggle.addEventListener("click", openHelp); }
      help.addEventListener("close", function () {
        var back = helpReturn && document.body.contains(helpReturn) ? helpReturn : currentItem();
        if (back && back.focus) back.focus();
      });
    }

    /* ---- Bulk decisions: how many are selected, and how many of them a bulk approval leaves out. ---- */
    var bulk = document.getElementById("bulk");
    var counter = document.querySelector("[data-bulk-count]");
    var selectAll = document.querySelector("[data-select-all]");
    function countSelected() {
      if (!counter) return;
      var chosen = document.querySelectorAll("[data-select]:checked");
      var flagged = document.querySelectorAll("[data-select][data-reminders]:checked").length;
      var include = bulk && bulk.querySelector("[name=include_reminders]");
      var text = chosen.length + " selected";
      if (flagged && !(include && include.checked)) text += " · " + flagged + " with reminders left out of Approve";
      counter.textContent = text;
    }
    if (counter) counter.setAttribute("role", "status");
    if (selectAll) {
      selectAll.addEventListener("change", function () {
        document.querySelectorAll("[data-select]").forEach(function (box) { box.checked = selectAll.checked; });
        countSelected();
      });
    }
    document.addEventListener("change", function (event) {
      if (event.target.matches("[data-select], [name=include_reminders]")) countSelected();
    });
    countSelected();

    /* ---- Focus mode: one item at a time; the links move without leaving the page. ---- */
    if (focusMode) {
      var shown = document.querySelector(".queue-list > li.is-shown [data-queue-item]");
      if (shown) show(shown, false);
      // The page's links lead to the neighbours it was built with; buttons follow the decisions made since.
      var nav = document.querySelector(".focus-nav");
      if (nav) {
        nav.textContent = "";
        [["← Previous", -1], ["Next →", 1]].forEach(function (pair) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "link-button";
          button.textContent = pair[0];
          button.addEventListener("click", function () { move(pair[1]); });
          nav.appendChild(button);
        });
      }
    }

    function open(item, action) {
      var details = item.querySelector('details[data-action="' + action + '"]');
      if (!details) return;
      details.open = true;
      var field = details.querySelector("textarea");
      if (field) field.focus();
    }

    function switchView() {
      var link = document.querySelector("[data-view-toggle]");
      if (!link) return;
      var url = new URL(link.href, window.location.href);
      var item = currentItem();
      if (item) { url.searchParams.set("item", item.id.slice(1)); url.hash = item.id; }
      window.location.assign(url.toString());
    }

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (help && help.open) return;  // the dialog handles its own keys (Esc closes it)
      if (event.key === "Escape" && target && target.closest) {
        var openDetails = target.closest("details[open]");
        if (openDetails) {
          openDetails.open = false;
          var owner = openDetails.closest("[data-queue-item]");
          if (owner) owner.focus(); else openDetails.querySelector("summary").focus();
        }
        return;
      }
      var typing = target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" ||
                              target.tagName === "SELECT" || target.isContentEditable);
      if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
      var item;
      switch (event.key) {
        case "j": move(1); break;
        case "k": move(-1); break;
        case "a":
          item = currentItem();
          var approve = item && item.querySelector('form[data-action="approve"]');
          if (approve) approve.requestSubmit();
          break;
        case "r": item = currentItem(); if (item) open(item, "return"); break;
        case "x": item = currentItem(); if (item) open(item, "reject"); break;
        case "e": item = currentItem(); if (item) open(item, "edit"); break;
        case "s":
          item = currentItem();
          var box = item && item.querySelector("[data-select]");
          if (box) { box.checked = !box.checked; countSelected(); }
          break;
        case "u":
          var last = document.querySelector("[data-undo-last]");
          if (last) last.requestSubmit();
          break;
        case "f": switchView(); break;
        case "?": openHelp(); break;
        case "1": case "2": case "3": case "4":
          var tab = document.querySelector('.tabs [data-tab="' + event.key + '"]');
          if (tab) window.location.assign(tab.href);
          break;
        default: return;
      }
      event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.classList.contains("page-queue")) setup();
  });
})();
