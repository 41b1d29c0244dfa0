// Small DOM helpers the views share.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A span with a class and plain text (text only ever goes into textContent). */
export function span(className, text = '') {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

/** A server timestamp (ISO 8601, .NET's seven fraction digits cut to three) as a Date, or null when unreadable. */
export function parseServerTime(at) {
  const date = new Date(String(at ?? '').replace(/(\.\d{3})\d+Z$/, '$1Z'));
  return Number.isNaN(date.getTime()) ? null : date;
}
