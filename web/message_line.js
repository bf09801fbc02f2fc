// The one way the demo pages show a chat line: both the customer widget and
// the agent console list messages alike, so they share this.
//
//   smfrontMessageLine(listElement, kind, from, text, extraClass) -> <li>
// kind is a CSS class (own, agent, customer, system); from may be empty.
window.smfrontMessageLine = function smfrontMessageLine(list, kind, from, text, extraClass) {
  const li = document.createElement('li');
  li.className = `msg ${kind}${extraClass ? ` ${extraClass}` : ''}`;
  li.dataset.kind = kind;
  if (from) {
    const name = document.createElement('span');
    name.className = 'from';
    name.textContent = from;
    li.append(name);
  }
  const body = document.createElement('span');
  body.className = 'body';
  body.textContent = text;
  li.append(body);
  list.append(li);
  li.scrollIntoView({ block: 'nearest' });
  return li;
};
