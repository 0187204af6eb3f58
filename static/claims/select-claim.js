/*
 * "New claim" from a text selection in an article.
 *
 * Markup it expects (nothing else; load this file with <script src=... nonce="{{ csp_nonce }}" defer>):
 *
 *   <div data-article-body
 *        data-article-id="{{ article.pk }}"
 *        data-claim-url="{% url 'claims:claim_from_selection' %}"
 *        data-csrf-token="{{ csrf_token }}">{{ article.body|linebreaks }}</div>
 *
 * When the user selects text inside that element, a "New claim" bar appears after it with the
 * claim's wording (prefilled with the selection). Saving posts the selected quote, 32 characters of
 * text before and after it, and its position: how many characters that are not white space come
 * before it, all counted in Unicode code points as the server counts characters (a JavaScript
 * string counts UTF-16 code units, two for an emoji: after one, an offset in units pointed past
 * the selection, at the next occurrence of a repeated sentence; and the page's white space is not
 * the stored text's). Text the page adds inside the article (claim markers) carries data-not-text
 * and is not counted. The server finds the quote again in the
 * stored text (claims.anchoring.find_selection) and answers JSON: {id, url, text, quote, start, end,
 * similar: [...]} with 201, or {error} with 400/403/404. On success a "claim:created" event (detail:
 * that JSON) bubbles from the article element, so a page can refresh its list of claims.
 * No inline handlers or styles (the CSP forbids them): everything is wired here.
 *
 * "Place it here": when the page lists claims the text revision lost or placed only approximately,
 * each on an element with
 *
 *   data-place-url="{% url 'claims:place_claim' claim.pk %}" data-place-version="{{ claim.version }}"
 *   data-place-text="{{ claim.text }}"
 *
 * (templates/claims/article.html, for the claims the user may place), a selection also offers one
 * "Place “…” here" button per claim. That is a plain form post of the same selection (quote, prefix,
 * suffix, position) and the claim's version to its URL; the server finds the words as for a new claim
 * and answers the article page, with the claim highlighted or the reason it was refused.
 * Without data-claim-url only the placing is offered.
 */
(function () {
  "use strict";

  var CONTEXT = 32;

  function csrfToken(root) {
    if (root.dataset.csrfToken) return root.dataset.csrfToken;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // Characters outside the Basic Multilingual Plane (emoji, some CJK, maths letters): one code
  // point, two UTF-16 code units (a surrogate pair).
  var ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

  // How many code points `text` holds (its .length counts code units).
  function codePointLength(text) {
    var pairs = text.match(ASTRAL);
    return text.length - (pairs ? pairs.length : 0);
  }

  // The last (or first) `count` code points of `text`, never half a surrogate pair.
  function lastCodePoints(text, count) {
    var points = Array.from(text.slice(-2 * count));
    return points.slice(Math.max(0, points.length - count)).join("");
  }

  function firstCodePoints(text, count) {
    return Array.from(text.slice(0, 2 * count)).slice(0, count).join("");
  }

  // The text of `range` as the article's words: without what the page adds to them (the numbers
  // of the claims' markers, marked data-not-text).
  function wordsIn(range) {
    var fragment = range.cloneContents();
    Array.prototype.forEach.call(fragment.querySelectorAll("[data-not-text]"), function (node) { node.remove(); });
    return fragment.textContent;
  }

  // The selection, when it is inside the article and not empty: its quote and its range. Cheap, as
  // it runs on every selection change; locate() measures it when it is used.
  function describe(root, selection) {
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
    var quote = range.toString().trim();
    return quote ? { quote: quote, range: range.cloneRange() } : null;
  }

  // The selection as a TextQuoteSelector (the quote, CONTEXT code points before and after it) plus
  // its position: how many code points that are not white space come before it. The page shows
  // the article with other white space than the stored text (indentation, <p> and <br> for line
  // breaks), and a string's .length counts UTF-16 code units, two per emoji; characters that are
  // not white space, in code points, are counted the same by the server
  // (claims.anchoring.offset_of_position).
  function locate(root, found) {
    var before = document.createRange();
    before.selectNodeContents(root);
    before.setEnd(found.range.startContainer, found.range.startOffset);
    var after = document.createRange();
    after.selectNodeContents(root);
    after.setStart(found.range.endContainer, found.range.endOffset);
    var raw = found.range.toString();
    var textBefore = wordsIn(before) + raw.slice(0, raw.length - raw.replace(/^\s+/, "").length);
    var textAfter = raw.slice(raw.replace(/\s+$/, "").length) + wordsIn(after);
    return {
      quote: found.quote,
      position: codePointLength(textBefore.replace(/\s+/g, "")),
      prefix: lastCodePoints(textBefore, CONTEXT),
      suffix: firstCodePoints(textAfter, CONTEXT)
    };
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  // Append `sentence` (a translated message with %(name)s placeholders) to `parent`, each placeholder
  // replaced by its node: a link keeps its place wherever the translation puts it.
  function appendSentence(parent, sentence, nodes) {
    sentence.split(/(%\(\w+\)s)/).forEach(function (piece) {
      var name = /^%\((\w+)\)s$/.exec(piece);
      if (name && nodes[name[1]]) parent.appendChild(nodes[name[1]]);
      else if (piece) parent.appendChild(document.createTextNode(piece));
    });
  }

  function shorten(text, length) {
    text = text.replace(/\s+/g, " ").trim();
    return text.length <= length ? text : text.slice(0, length - 1).replace(/\s+\S*$/, "") + "…";
  }

  // The "Place “…” here" form: one submit button per claim the page offers, each posting to that
  // claim's URL with its version. A plain form post: the answer is the article page itself.
  function placeForm(root, claims) {
    var form = element("form", { "class": "place-claim", method: "post", "aria-label": gettext("Place a claim on the selected text") });
    form.hidden = true;
    var fields = {};
    ["csrfmiddlewaretoken", "quote", "prefix", "suffix", "position"].forEach(function (name) {
      fields[name] = element("input", { type: "hidden", name: name });
      form.appendChild(fields[name]);
    });
    form.appendChild(element("span", { "class": "place-claim-label" }, gettext("Or place an existing claim here: ")));
    claims.forEach(function (item) {
      form.appendChild(element("button", {
        type: "submit", "class": "btn", formaction: item.dataset.placeUrl, name: "version", value: item.dataset.placeVersion
      }, interpolate(gettext("Place “%(claim)s” here"), { claim: shorten(item.dataset.placeText, 60) }, true)));
    });
    form.fill = function (found) {
      fields.csrfmiddlewaretoken.value = csrfToken(root);
      fields.quote.value = found.quote;
      fields.prefix.value = found.prefix;
      fields.suffix.value = found.suffix;
      fields.position.value = String(found.position);
    };
    return form;
  }

  function setup(root) {
    if (root.dataset.selectClaimReady) return;
    var placeable = Array.prototype.slice.call(document.querySelectorAll("[data-place-url]"));
    if (!root.dataset.claimUrl && !placeable.length) return;
    root.dataset.selectClaimReady = "1";
    var pending = null;

    var bar = element("form", { "class": "select-claim", "aria-label": gettext("New claim from the selected text") });
    bar.hidden = true;
    var label = element("label", {}, gettext("New claim: "));
    var wording = element("input", { type: "text", name: "text", maxlength: "300", size: "60", required: "" });
    label.appendChild(wording);
    var save = element("button", { type: "submit", "class": "btn btn-primary" }, gettext("New claim"));
    var cancel = element("button", { type: "button", "class": "btn btn-quiet" }, gettext("Cancel"));
    var status = element("p", { "class": "select-claim-status", role: "status" });
    if (root.dataset.claimUrl) {
      bar.appendChild(label);
      bar.appendChild(save);
    }
    bar.appendChild(cancel);
    var place = placeable.length ? placeForm(root, placeable) : null;
    root.insertAdjacentElement("afterend", status);
    if (place) {
      root.insertAdjacentElement("afterend", place);
      // Measured when it is sent: the fields are read after the submit event.
      place.addEventListener("submit", function () {
        if (pending) place.fill(locate(root, pending));
      });
    }
    root.insertAdjacentElement("afterend", bar);

    function show(shown) {
      bar.hidden = !shown;
      if (place) place.hidden = !shown;
    }

    document.addEventListener("selectionchange", function () {
      var found = describe(root, window.getSelection());
      if (!found) return;  // keep the last selection while the user types the wording
      pending = found;
      wording.value = found.quote.replace(/\s+/g, " ").slice(0, 300);
      show(true);
    });

    cancel.addEventListener("click", function () {
      pending = null;
      show(false);
    });

    bar.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!pending) return;
      var selected = locate(root, pending);
      var body = new FormData();
      body.append("article", root.dataset.articleId);
      body.append("quote", selected.quote);
      body.append("prefix", selected.prefix);
      body.append("suffix", selected.suffix);
      body.append("position", String(selected.position));
      body.append("text", wording.value);
      save.disabled = true;
      status.textContent = gettext("Saving…");
      fetch(root.dataset.claimUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(root), "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () {
          return { error: interpolate(gettext("The server refused (%(status)s). Reload the page and try again."), { status: response.status }, true) };
        }).then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        status.textContent = "";
        if (!result.ok) {
          status.textContent = result.data.error || gettext("The claim could not be created.");
          return;
        }
        // One sentence with the link in its place: the words around it are the translation's.
        appendSentence(status, gettext("Created claim %(claim)s"), { claim: element("a", { href: result.data.url }, result.data.text) });
        if (result.data.similar && result.data.similar.length) {
          status.appendChild(document.createTextNode(" " + gettext("— similar claims already in the workbench:") + " "));
          result.data.similar.forEach(function (match, i) {
            if (i) status.appendChild(document.createTextNode("; "));
            status.appendChild(element("a", { href: match.url }, match.text));
            status.appendChild(document.createTextNode(" (" + match.status + ")"));
          });
        }
        pending = null;
        show(false);
        root.dispatchEvent(new CustomEvent("claim:created", { detail: result.data, bubbles: true }));
      }).catch(function () {
        status.textContent = gettext("The workbench could not be reached; nothing was saved.");
      }).finally(function () {
        save.disabled = false;
      });
    });
  }

  function setupAll() {
    document.querySelectorAll("[data-article-body]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
  // Article bodies swapped in by htmx get the same behaviour.
  document.addEventListener("htmx:load", setupAll);
})();
