/* global document, window, navigator, fetch, URLSearchParams, setTimeout, clearTimeout, AbortController */
// The customer portal's only script, a progressive enhancement of the
// new-request form: FAQ articles that match what the client types appear
// while they type (GET <portal>/suggestions), and a client who opened one and
// leaves without sending the request is counted as a deflected request
// (navigator.sendBeacon to <portal>/deflections). Without it the form works
// the same: "Show matching articles" submits and the server lists them.
// It builds the DOM with textContent only (the page requires Trusted Types).
(function () {
  'use strict';
  var form = document.querySelector('form[data-suggest]');
  if (!form) return;
  // The live region stays; the panel inside it shows once there is something to say.
  var panel = document.getElementById('suggestion-panel');
  var list = document.getElementById('suggestion-list');
  var empty = document.getElementById('suggestion-empty');
  var searchButton = form.querySelector('button[name="action"][value="search"]');
  var base = form.getAttribute('data-suggest');
  var viewKey = form.querySelector('input[name="view"]').value;
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var fields = [form.querySelector('[name="subject"]'), form.querySelector('[name="body"]')];
  var opened = null;
  var submitted = false;
  var timer = null;
  var inFlight = null;
  var lastQuery = '';

  if (searchButton) searchButton.hidden = true;

  // Articles open beside the form, which keeps what the client wrote.
  function openBeside(a) {
    a.target = '_blank';
    a.rel = 'noopener';
  }
  Array.prototype.forEach.call(list.querySelectorAll('a[data-article]'), openBeside);

  function render(items) {
    while (list.firstChild) list.removeChild(list.firstChild);
    items.forEach(function (item) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = item.url + (item.url.indexOf('?') < 0 ? '?' : '&') + 'view=' + viewKey;
      openBeside(a);
      a.setAttribute('data-article', item.slug);
      appendMarked(a, item.title);
      li.appendChild(a);
      if (item.snippet.length) {
        var p = document.createElement('p');
        appendMarked(p, item.snippet);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    panel.hidden = items.length === 0 && lastQuery === '';
    empty.hidden = items.length > 0;
  }

  // [{ text, mark }] -> text nodes and <mark> elements.
  function appendMarked(parent, parts) {
    parts.forEach(function (part) {
      if (part.mark) {
        var m = document.createElement('mark');
        m.textContent = part.text;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(part.text));
      }
    });
  }

  function query() {
    return fields
      .map(function (f) {
        return f ? f.value : '';
      })
      .join(' ')
      .trim()
      .slice(0, 500);
  }

  function suggest() {
    var q = query();
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 3) {
      lastQuery = '';
      render([]);
      return;
    }
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    fetch(base + '/suggestions?' + new URLSearchParams({ q: q }).toString(), {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal: inFlight.signal,
    })
      .then(function (res) {
        return res.ok ? res.json() : { items: [] };
      })
      .then(function (body) {
        render(body.items || []);
      })
      .catch(function () {
        /* typing on: the next request answers */
      });
  }

  fields.forEach(function (f) {
    if (!f) return;
    f.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, 300);
    });
  });

  list.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-article]') : null;
    if (link) opened = link.getAttribute('data-article');
  });

  form.addEventListener('submit', function () {
    submitted = true;
  });

  // Leaving (closing the tab, going elsewhere) after reading a suggestion,
  // without sending: the article answered the question.
  window.addEventListener('pagehide', function () {
    if (!opened || submitted || !navigator.sendBeacon) return;
    var data = new URLSearchParams({ article: opened, view: viewKey, _csrf: csrf });
    navigator.sendBeacon(base + '/deflections', data);
    opened = null;
  });

  // Suggestions for what the server already rendered after a search (no script then).
  if (query().length >= 3) lastQuery = query();
})();
