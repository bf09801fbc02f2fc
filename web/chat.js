// Demo customer chat widget. It uses only the public chat API, exactly as a
// third-party widget on another page would: XML bodies, the JSESSIONID cookie as
// the only session handle, and polling for events.
//
// Page parameters: ?feed=<chat feed id> (default 100000), ?resume=1 (poll the
// cookie's existing session instead of showing the form), ?poll=<ms> (poll
// interval, default 2000).
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const feedId = /^\d+$/.test(params.get('feed') || '') ? params.get('feed') : '100000';
  const pollMs = Math.max(100, Number(params.get('poll')) || 2000);
  const typingIdleMs = 3000;

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), startForm: $('start-form'), author: $('author'), title: $('title'),
    description: $('description'), error: $('error'), start: $('start'), chat: $('chat'),
    messages: $('messages'), typing: $('typing'), sendForm: $('send-form'),
    input: $('message-input'), send: $('send'), leave: $('leave'), restart: $('restart'),
    showTranscript: $('show-transcript'), transcriptView: $('transcript-view'),
    transcriptLines: $('transcript-lines'),
  };

  let lastEventId = 0;
  let pollTimer = null;
  let ended = false;
  let composing = false;
  let typingTimer = null;
  const typers = new Set();  // agents whose last typing state is "composing"

  // --- API ---------------------------------------------------------------

  const xmlEscape = (s) => s.replace(/[<>&'"]/g, (c) =>
    ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);

  // Returns {status, doc}; doc is null for an empty or non-XML body. Network
  // failures reject, as fetch does.
  async function api(method, path, body) {
    const init = { method, credentials: 'include', headers: { Accept: 'application/xml' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/xml';
      init.body = body;
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let doc = null;
    if (text.trim().startsWith('<')) {
      doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length) doc = null;
    }
    return { status: response.status, doc };
  }

  // The human-readable text of an apiErrors body, one line per apiError.
  function apiErrorText(result) {
    const messages = result.doc
      ? [...result.doc.getElementsByTagName('errorMessage')].map((e) => e.textContent.trim()).filter(Boolean)
      : [];
    return messages.length ? messages.join('\n') : `The server answered ${result.status}.`;
  }

  // Outgoing PUTs go one after another so that "composing", the message and
  // "paused" reach the agent in the order the customer produced them.
  let outgoing = Promise.resolve();
  function put(path, body) {
    const call = outgoing.then(() => api('PUT', path, body));
    outgoing = call.catch(() => {});
    return call;
  }

  const child = (el, name) => {
    const c = el.getElementsByTagName(name)[0];
    return c ? c.textContent : '';
  };

  // --- Rendering ---------------------------------------------------------

  function addLine(kind, from, text) {
    return window.smfrontMessageLine(ui.messages, kind, from, text);
  }

  function setStatus(state, text) {
    ui.status.dataset.state = state;
    ui.status.textContent = text;
  }

  function renderTyping() {
    const names = [...typers];
    ui.typing.hidden = names.length === 0;
    ui.typing.textContent = names.length === 0 ? ''
      : `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  }

  function setTyping(name, on) {
    if (on) typers.add(name); else typers.delete(name);
    renderTyping();
  }

  // --- Events ------------------------------------------------------------

  const statusText = {
    chat_request_rejected_by_agent: 'No agent could take your chat.',
    chat_timedout_waiting_for_agent: 'No agent was available.',
    chat_finished_error: 'The chat was ended.',
    chat_finished: 'The chat has finished.',
  };

  function handleEvent(ev) {
    const from = child(ev, 'from');
    const status = child(ev, 'status');
    switch (ev.localName) {
      case 'MessageEvent': {
        const raw = child(ev, 'body');
        let text;
        try { text = decodeURIComponent(raw.replace(/\+/g, ' ')); } catch { text = raw; }
        setTyping(from, false);
        addLine('agent', from, text);
        break;
      }
      case 'PresenceEvent':
        if (status === 'joined') {
          addLine('system', '', `${from} joined`);
          setStatus('active', `You are chatting with ${from}.`);
        } else if (status === 'left') {
          setTyping(from, false);
          addLine('system', '', `${from} left`);
        }
        break;
      case 'TypingEvent':
        setTyping(from, status === 'composing');
        break;
      case 'StatusEvent': {
        const detail = child(ev, 'detail').trim();
        if (status === 'chat_ok') {
          if (ui.status.dataset.state !== 'active') setStatus('waiting', 'Waiting for an agent…');
        } else if (status === 'chat_issue') {
          addLine('system', '', detail ? `There is a delay: ${detail}` : 'There is a delay; please wait.');
        } else {
          endChat(detail || statusText[status] || `The chat ended (${status}).`);
        }
        break;
      }
      default:
        break;  // unknown event kinds are skipped, as a third-party widget would
    }
  }

  // A failed poll shows its reason in the status line until a poll succeeds.
  let statusBeforeProblem = null;
  function showProblem(text) {
    if (statusBeforeProblem === null) statusBeforeProblem = ui.status.textContent;
    ui.status.textContent = `${text} Retrying…`;
  }
  function clearProblem() {
    if (statusBeforeProblem !== null) ui.status.textContent = statusBeforeProblem;
    statusBeforeProblem = null;
  }

  async function poll() {
    pollTimer = null;
    if (ended) return;
    try {
      const result = await api('GET', `/ccp/chat?eventid=${lastEventId}&all=false`);
      if (result.status === 404) {
        endChat('Your chat session has expired.');
        return;
      }
      if (result.status !== 200) showProblem(apiErrorText(result));
      else clearProblem();
      if (result.status === 200 && result.doc) {
        for (const ev of result.doc.documentElement.children) {
          const id = Number(child(ev, 'id'));
          if (id > lastEventId) lastEventId = id;
          handleEvent(ev);
          if (ended) return;
        }
      }
    } catch {
      // A dropped connection is retried on the next tick; the session lives on.
      showProblem('The chat service cannot be reached.');
    }
    if (!ended) pollTimer = setTimeout(poll, pollMs);
  }

  // --- Chat lifecycle ----------------------------------------------------

  function enterChat() {
    ui.startForm.hidden = true;
    ui.chat.hidden = false;
    setStatus('waiting', 'Connecting…');
    ui.input.focus();
    poll();
  }

  function endChat(text) {
    if (ended) return;
    ended = true;
    statusBeforeProblem = null;
    clearTimeout(pollTimer);
    clearTimeout(typingTimer);
    typers.clear();
    renderTyping();
    setStatus('ended', text);
    for (const el of [ui.input, ui.send, ui.leave]) el.disabled = true;
    ui.restart.href = `chat.html?feed=${feedId}`;
    ui.restart.hidden = false;
  }

  ui.startForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    ui.error.hidden = true;
    ui.start.disabled = true;
    const description = ui.description.value.trim();
    const body = '<SocialContact>'
      + `<feedRefURL>${xmlEscape(`${location.origin}/ccp-webapp/ccp/feed/${feedId}`)}</feedRefURL>`
      + `<author>${xmlEscape(ui.author.value.trim())}</author>`
      + `<title>${xmlEscape(ui.title.value.trim())}</title>`
      + (description ? `<description>${xmlEscape(description)}</description>` : '')
      + '</SocialContact>';
    try {
      const result = await api('POST', '/ccp/chat', body);
      if (result.status >= 200 && result.status < 300) {
        enterChat();
        return;
      }
      ui.error.textContent = `The chat could not start: ${apiErrorText(result)}`;
    } catch {
      ui.error.textContent = 'The chat service cannot be reached. Please try again.';
    }
    ui.error.hidden = false;
    ui.start.disabled = false;
  });

  function sendTyping(status) {
    composing = status === 'composing';
    put('/ccp/chat/event', `<TypingEvent><status>${status}</status></TypingEvent>`).catch(() => {});
  }

  ui.input.addEventListener('input', () => {
    if (ended) return;
    if (!composing && ui.input.value !== '') sendTyping('composing');
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { if (composing) sendTyping('paused'); }, typingIdleMs);
  });

  // Enter sends; Shift+Enter starts a new line.
  ui.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      ui.sendForm.requestSubmit();
    }
  });

  ui.sendForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = ui.input.value.trim();
    if (ended || !text) return;
    ui.input.value = '';
    clearTimeout(typingTimer);
    // all=false polls never return the customer's own messages: show them now.
    const line = addLine('own', 'You', text);
    const sent = put('/ccp/chat', `<Message><body>${xmlEscape(text)}</body></Message>`);
    if (composing) sendTyping('paused');
    try {
      const result = await sent;
      if (result.status === 200) return;
      line.classList.add('failed');
      line.title = apiErrorText(result);
      if (result.status === 404) endChat('Your chat session has expired.');
      else if (result.status === 400 && result.doc
               && child(result.doc.documentElement, 'errorType') === 'invalidState.chatEnded') {
        endChat('The chat has ended.');
      }
    } catch {
      line.classList.add('failed');
      line.title = 'Not delivered: the chat service cannot be reached.';
    }
  });

  ui.leave.addEventListener('click', async () => {
    ui.leave.disabled = true;
    try {
      const result = await put('/ccp/chat/leaveChat');
      if (result.status === 200) endChat('You left the chat.');
      else if (result.status === 404) endChat('Your chat session has expired.');
      else { setStatus(ui.status.dataset.state, apiErrorText(result)); ui.leave.disabled = false; }
    } catch {
      setStatus(ui.status.dataset.state, 'The chat service cannot be reached.');
      ui.leave.disabled = false;
    }
  });

  ui.showTranscript.addEventListener('click', async () => {
    ui.transcriptLines.replaceChildren();
    ui.transcriptView.hidden = false;
    const note = (text) => {
      const li = document.createElement('li');
      li.textContent = text;
      ui.transcriptLines.append(li);
    };
    try {
      const result = await api('GET', '/ccp/chat/transcript.xml');
      if (result.status !== 200 || !result.doc) { note(apiErrorText(result)); return; }
      const chats = [...result.doc.getElementsByTagName('chat')];
      if (!chats.length) note('No messages yet.');
      for (const c of chats) {
        const li = document.createElement('li');
        const when = new Date(Number(child(c, 'time')));
        if (!Number.isNaN(when.getTime())) {
          const time = document.createElement('time');
          time.dateTime = when.toISOString();
          time.textContent = when.toLocaleTimeString();
          li.append(time, ' ');
        }
        const name = document.createElement('strong');
        name.textContent = child(c, 'name');
        li.append(name, ': ', child(c, 'msg'));
        ui.transcriptLines.append(li);
      }
    } catch {
      note('The chat service cannot be reached.');
    }
  });

  if (params.get('resume') === '1') enterChat();
  else ui.author.focus();
})();
