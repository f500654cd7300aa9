"""Streamlit's own widget texts in the user's language: one place, called once per run by app.py.

Streamlit 1.67 writes its widgets' chrome in English and offers a parameter for only a few of
them (`placeholder=` of a select box or multiselect, which the pages pass). The rest (the file
uploader's "Upload", "50MB per file" and its refusals, "No results", the table toolbar's
"Search" and "14 results", the column menu, "Running...", "Page not found") is replaced in the
browser: a small script (no request, no library) watches the page and rewrites those texts and
their `placeholder`, `aria-label` and `title` attributes as Streamlit draws them (a whole text
or attribute equal to one of Streamlit's, never a part of one). A
`MutationObserver` runs before the browser paints, so the English does not flash after the
first load; reruns and page changes keep it, and a change of language rewrites what is already
there (each node remembers Streamlit's original).

The words are `stw.*` keys of `coverage.ui.text`: the English one is Streamlit's own text, with
`{placeholders}` where Streamlit fills in a number, size or name. Text inside the app's
Markdown, captions, tables, HTML and code (its own words and the user's data) is never touched.
"""

from __future__ import annotations

import base64
import json
import re

import streamlit as st

from coverage.ui.text import TEXT

KEY_PREFIX = "stw."
"""Text keys of Streamlit's own texts."""
ELEMENT_ID = "digituki-widget-text"
"""The script's id; the style in the same element hides the element's (empty) container."""
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_REGEX_SPECIAL = frozenset("\\^$.*+?()[]{}|/-")


def pattern_source(template: str) -> str:
    """Return a JavaScript regex source matching `template` whole, a group per field in order.

    Plain groups, not named ones: the page's HTML sanitizer drops a script containing "<" and a
    letter (as in "(?<name>").
    """
    parts = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(_escaped(template[last:match.start()]))
        parts.append("(.*?)")
        last = match.end()
    parts.append(_escaped(template[last:]))
    return "^" + "".join(parts) + "$"


def _escaped(text: str) -> str:
    return "".join(f"\\{c}" if c in _REGEX_SPECIAL else c for c in text)


def rules(lang: str) -> dict[str, object]:
    """Return {"exact": {English: text}, "patterns": [[regex, fields, text]]} for `lang`.

    `fields` names the regex's groups in order; `text` has them as `{field}`.

    Empty in English: the script then puts Streamlit's own texts back.
    """
    words = TEXT.get(lang, {})
    exact: dict[str, str] = {}
    patterns: list[list[object]] = []
    if lang == "en":
        return {"exact": exact, "patterns": patterns}
    for key, english in TEXT["en"].items():
        if not key.startswith(KEY_PREFIX) or key not in words:
            continue
        if _PLACEHOLDER.search(english):
            patterns.append([pattern_source(english), _PLACEHOLDER.findall(english), words[key]])
        else:
            exact[english] = words[key]
    # the longest first: "{i} of {n} results" before "{n} results"
    patterns.sort(key=lambda p: len(str(p[0])), reverse=True)
    return {"exact": exact, "patterns": patterns}


_SCRIPT = """
(() => {
  const RULES = JSON.parse(new TextDecoder().decode(
    Uint8Array.from(atob('__RULES__'), (c) => c.charCodeAt(0))));
  // the app's own Markdown, captions, tables and code: its words and the user's data
  const SKIP = '[data-testid="stMarkdown"], [data-testid="stCaptionContainer"], '
    + '[data-testid="stTable"], [data-testid="stText"], [data-testid="stCode"], .stHtml, '
    + 'code, pre, script, style, [contenteditable="true"]';
  const ATTRS = ['placeholder', 'aria-label', 'title'];
  const w = window;
  const s = w.__digitukiWidgetText || (w.__digitukiWidgetText = {
    texts: new WeakMap(), attrs: new WeakMap(), observer: null});
  s.exact = new Map(Object.entries(RULES.exact));
  s.patterns = RULES.patterns.map(([src, fields, out]) => [new RegExp(src), fields, out]);
  const translate = (text) => {
    const key = text.trim();
    if (!key) return null;
    let out = s.exact.get(key);
    if (out === undefined) {
      for (const [re, fields, template] of s.patterns) {
        const m = key.match(re);
        if (!m) continue;
        out = template.replace(/\\{(\\w+)\\}/g, (_, f) => m[fields.indexOf(f) + 1] ?? '');
        break;
      }
    }
    return out === undefined ? null : text.replace(key, () => out);
  };
  // `memo` remembers Streamlit's original: a node we rewrote is rewritten from it, a node
  // Streamlit changed since is rewritten from its new text.
  const rewrite = (current, memo, put) => {
    const source = memo && current === memo.out ? memo.src : current;
    const out = translate(source);
    if (out === null) {
      if (source !== current) put(source);
      return null;
    }
    if (out !== current) put(out);
    return {src: source, out};
  };
  const fixText = (node) => {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP)) return;
    const memo = rewrite(node.nodeValue, s.texts.get(node), (v) => { node.nodeValue = v; });
    if (memo) s.texts.set(node, memo); else s.texts.delete(node);
  };
  const fixAttr = (el, name) => {
    const value = el.getAttribute(name);
    if (value === null || el.closest(SKIP)) return;
    const memos = s.attrs.get(el) || {};
    const memo = rewrite(value, memos[name], (v) => el.setAttribute(name, v));
    if (memo) memos[name] = memo; else delete memos[name];
    s.attrs.set(el, memos);
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = texts.nextNode(); n; n = texts.nextNode()) fixText(n);
    const sel = ATTRS.map((a) => `[${a}]`).join(',');
    for (const el of [root, ...root.querySelectorAll(sel)]) {
      for (const a of ATTRS) if (el.hasAttribute && el.hasAttribute(a)) fixAttr(el, a);
    }
  };
  if (!s.observer) {
    s.observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') fixText(r.target);
        else if (r.type === 'attributes') fixAttr(r.target, r.attributeName);
        else r.addedNodes.forEach(walk);
      }
    });
    s.observer.observe(document.body, {subtree: true, childList: true, characterData: true,
                                       attributes: true, attributeFilter: ATTRS});
  }
  walk(document.body);
})();
"""


def script(lang: str) -> str:
    """Return the script that puts `lang`'s words in place of Streamlit's English."""
    # Base64: no "<" that could end the element or make the sanitizer drop a script with
    # "<x", and no English words in the page's source (a test looking for "Page not found"
    # there would find the rule that translates it)
    data = base64.b64encode(json.dumps(rules(lang), ensure_ascii=False).encode("utf-8"))
    return _SCRIPT.replace("__RULES__", data.decode("ascii"))


def element_html(lang: str) -> str:
    """Return the script for `lang` and a style that hides the (empty) element holding it."""
    return (f'<style>[data-testid="stElementContainer"]:has(#{ELEMENT_ID}){{display:none}}'
            f'</style><script id="{ELEMENT_ID}">{script(lang)}</script>')


def install(lang: str) -> None:
    """Put the script on the page (sidebar, hidden); it runs again only when `lang` changes."""
    st.sidebar.html(element_html(lang), unsafe_allow_javascript=True)
