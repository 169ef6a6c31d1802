/* The queue keeps your place: decisions and undos are sent in the page, focus moves to the next
   item, and the keys work for a whole session. Every form here also works without this script. */
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

  document.addEventListener("DOMContentLoaded", setup);
})();
