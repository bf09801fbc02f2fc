// Demo agent console. It uses only what a real agent client has (socialminer-rest.md §4,
// bosh-xmpp.md): XMPP over BOSH with Strophe.js for eventing and chat, and the admin REST
// API with the agent's own Basic credentials for claiming.
//
//   1. signs in over BOSH (SASL as Strophe picks it), sends initial presence;
//   2. subscribes to the pubsub node ccp.contacts.chat on pubsub.<domain> and reads the
//      items already there: every chat contact and each of its status changes;
//   3. claims a waiting chat: PUT /ccp-webapp/ccp/socialcontact/<id> with status reserved;
//   4. joins the contact's room (extension field chatRoom / h_chatRoom) and chats, with
//      XEP-0085 chat states both ways (composing / paused / active);
//   5. leaves the room (unavailable presence): the contact becomes handled.
//
// Page parameters: ?bosh=<BOSH URL> (default this host on 7071, or 7443 under https),
// ?domain=<XMPP domain> (default localhost), ?user=<name> to prefill the form.
'use strict';

(() => {
  const NS = {
    pubsub: 'http://jabber.org/protocol/pubsub',
    pubsubEvent: 'http://jabber.org/protocol/pubsub#event',
    muc: 'http://jabber.org/protocol/muc',
    mucUser: 'http://jabber.org/protocol/muc#user',
    chatStates: 'http://jabber.org/protocol/chatstates',
    delay: 'urn:xmpp:delay',
  };
  const contactsNode = 'ccp.contacts.chat';
  const typingIdleMs = 3000;
  const chatStates = ['active', 'composing', 'paused', 'inactive', 'gone'];

  const params = new URLSearchParams(location.search);
  const secure = location.protocol === 'https:';
  const defaultBosh = `${secure ? 'https' : 'http'}://${location.hostname || 'localhost'}:${secure ? 7443 : 7071}/http-bind/`;

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), loginForm: $('login-form'), user: $('user'), password: $('password'),
    boshUrl: $('bosh-url'), domain: $('domain'), error: $('error'), connect: $('connect'),
    console: $('console'), me: $('me'), logout: $('logout'), contacts: $('contacts'),
    noContacts: $('no-contacts'), chat: $('chat'), chatTitle: $('chat-title'), chatState: $('chat-state'),
    messages: $('messages'), typing: $('typing'), sendForm: $('send-form'), input: $('message-input'),
    send: $('send'), leave: $('leave'), closeChat: $('close-chat'),
  };
  ui.boshUrl.value = params.get('bosh') || defaultBosh;
  ui.domain.value = params.get('domain') || 'localhost';
  if (params.get('user')) ui.user.value = params.get('user');

  let conn = null;
  let me = null;             // { user, password, jid }
  const contacts = new Map();  // id -> contact, in arrival order
  let chat = null;           // the chat in the pane: { contact, room, nick, joined, ended, typers }
  let composing = false;
  let typingTimer = null;

  // --- helpers -----------------------------------------------------------

  function setStatus(state, text) {
    ui.status.dataset.state = state;
    ui.status.textContent = text;
  }

  const childText = (el, name) => {
    for (const c of el.children) if (c.localName === name) return c.textContent;
    return '';
  };

  function basicAuth(user, password) {
    const bytes = new TextEncoder().encode(`${user}:${password}`);
    return `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }

  const resourceOf = (jid) => {
    const slash = jid.indexOf('/');
    return slash < 0 ? '' : jid.slice(slash + 1);
  };
  const bareOf = (jid) => jid.split('/')[0];

  // A SocialContact payload (socialminer-rest.md §9) as a plain object.
  function readContact(el) {
    const fields = {};
    for (const f of el.getElementsByTagNameNS('*', 'extensionField')) {
      fields[childText(f, 'name')] = childText(f, 'value');
    }
    return {
      id: childText(el, 'id'),
      author: childText(el, 'author'),
      title: childText(el, 'title'),
      status: childText(el, 'status'),
      statusUserId: childText(el, 'statusUserId'),
      room: fields.chatRoom || fields.h_chatRoom || '',
    };
  }

  // --- incoming chats ----------------------------------------------------

  const statusLabel = {
    unread: 'waiting', queued: 'waiting', reserved: 'taken', handled: 'handled', discarded: 'discarded', draft: 'draft',
  };

  function canClaim(c) {
    if (chat && !chat.ended) return false;
    if (!c.room) return false;
    return c.status === 'unread' || c.status === 'queued' || (c.status === 'reserved' && c.statusUserId === me.user);
  }

  function renderContacts() {
    ui.contacts.replaceChildren();
    ui.noContacts.hidden = contacts.size > 0;
    for (const c of [...contacts.values()].reverse()) {
      const li = document.createElement('li');
      li.className = 'contact';
      li.dataset.id = c.id;
      li.dataset.status = c.status;
      const text = document.createElement('span');
      text.className = 'summary';
      const who = document.createElement('strong');
      who.textContent = c.author;
      text.append(who, ` — ${c.title}`);
      const state = document.createElement('span');
      state.className = `state ${c.status}`;
      state.textContent = c.status === 'reserved' && c.statusUserId
        ? (c.statusUserId === me.user ? 'yours' : `taken by ${c.statusUserId}`)
        : (statusLabel[c.status] || c.status);
      li.append(text, state);
      if (canClaim(c)) {
        const claim = document.createElement('button');
        claim.type = 'button';
        claim.className = 'claim';
        claim.textContent = c.status === 'reserved' ? 'Rejoin' : 'Claim';
        claim.addEventListener('click', () => claimContact(c.id, claim));
        li.append(claim);
      }
      ui.contacts.append(li);
    }
  }

  function upsertContact(c) {
    if (!c.id) return;
    const known = contacts.get(c.id);
    contacts.set(c.id, known ? Object.assign(known, c) : c);
    renderContacts();
  }

  function readItems(itemsEl) {
    for (const item of itemsEl.getElementsByTagNameNS('*', 'item')) {
      const sc = item.getElementsByTagNameNS('*', 'SocialContact')[0];
      if (sc) upsertContact(readContact(sc));
    }
  }

  async function claimContact(id, button) {
    const c = contacts.get(id);
    if (!c) return;
    button.disabled = true;
    try {
      const response = await fetch(`/ccp-webapp/ccp/socialcontact/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { Authorization: basicAuth(me.user, me.password), 'Content-Type': 'application/xml' },
        body: '<SocialContact><status>reserved</status></SocialContact>',
      });
      if (response.status !== 200) {
        const text = await response.text();
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const message = doc.getElementsByTagName('errorMessage')[0]?.textContent;
        setStatus('online', `Could not claim the chat: ${message || `the server answered ${response.status}`}`);
        button.disabled = false;
        return;
      }
    } catch {
      setStatus('online', 'Could not claim the chat: the server cannot be reached.');
      button.disabled = false;
      return;
    }
    c.status = 'reserved';
    c.statusUserId = me.user;
    openChat(c);
  }

  // --- the chat pane -----------------------------------------------------

  function addLine(kind, from, text, delayed) {
    return window.smfrontMessageLine(ui.messages, kind, from, text, delayed ? 'history' : '');
  }

  function renderTyping() {
    const names = chat ? [...chat.typers] : [];
    ui.typing.hidden = names.length === 0;
    ui.typing.textContent = names.length === 0 ? ''
      : `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  }

  function setTyping(name, on) {
    if (!chat) return;
    if (on) chat.typers.add(name); else chat.typers.delete(name);
    renderTyping();
  }

  function setChatState(text) { ui.chatState.textContent = text; }

  function openChat(c) {
    chat = { contact: c, room: c.room, nick: me.user, joined: false, ended: false, typers: new Set() };
    composing = false;
    ui.messages.replaceChildren();
    ui.chat.hidden = false;
    ui.closeChat.hidden = true;
    ui.chatTitle.textContent = `Chat with ${c.author}`;
    setChatState('Joining…');
    for (const el of [ui.input, ui.send]) el.disabled = true;
    ui.leave.disabled = false;
    renderTyping();
    renderContacts();
    conn.send($pres({ to: `${chat.room}/${chat.nick}` })
      .c('x', { xmlns: NS.muc }).c('history', { maxstanzas: '100' }));
  }

  function endChat(text) {
    if (!chat || chat.ended) return;
    chat.ended = true;
    clearTimeout(typingTimer);
    composing = false;
    chat.typers.clear();
    renderTyping();
    setChatState(text);
    for (const el of [ui.input, ui.send, ui.leave]) el.disabled = true;
    ui.closeChat.hidden = false;
    renderContacts();
  }

  function sendChatState(state) {
    if (!chat || !chat.joined || chat.ended) return;
    composing = state === 'composing';
    conn.send($msg({ to: chat.room, type: 'groupchat' }).c(state, { xmlns: NS.chatStates }));
  }

  ui.input.addEventListener('input', () => {
    if (!chat || chat.ended) return;
    if (!composing && ui.input.value !== '') sendChatState('composing');
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { if (composing) sendChatState('paused'); }, typingIdleMs);
  });

  // Enter sends; Shift+Enter starts a new line.
  ui.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      ui.sendForm.requestSubmit();
    }
  });

  ui.sendForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = ui.input.value.trim();
    if (!chat || !chat.joined || chat.ended || !text) return;
    ui.input.value = '';
    clearTimeout(typingTimer);
    composing = false;
    // The room reflects it back to us; it is shown then, in the room's order.
    conn.send($msg({ to: chat.room, type: 'groupchat' }).c('body').t(text).up().c('active', { xmlns: NS.chatStates }));
  });

  ui.leave.addEventListener('click', () => {
    if (!chat || chat.ended) return;
    conn.send($pres({ to: `${chat.room}/${chat.nick}`, type: 'unavailable' }));
    endChat('You left the chat.');
  });

  ui.closeChat.addEventListener('click', () => {
    chat = null;
    ui.chat.hidden = true;
    renderContacts();
  });

  // --- stanzas -----------------------------------------------------------

  function onMessage(msg) {
    const from = msg.getAttribute('from') || '';
    const event = msg.getElementsByTagNameNS(NS.pubsubEvent, 'event')[0];
    if (event) {
      for (const items of event.getElementsByTagNameNS(NS.pubsubEvent, 'items')) {
        if (items.getAttribute('node') === contactsNode) readItems(items);
      }
      return true;
    }
    if (!chat || bareOf(from) !== chat.room || msg.getAttribute('type') === 'error') return true;
    const nick = resourceOf(from);
    const own = nick === chat.nick;
    const subject = msg.getElementsByTagName('subject')[0];
    if (subject && !msg.getElementsByTagName('body')[0]) {
      if (subject.textContent) ui.chatTitle.textContent = `Chat with ${chat.contact.author}: ${subject.textContent}`;
      return true;
    }
    const delayed = msg.getElementsByTagNameNS(NS.delay, 'delay').length > 0;
    const body = msg.getElementsByTagName('body')[0];
    if (body && nick) {
      if (!own) setTyping(nick, false);
      addLine(own ? 'own' : 'customer', own ? 'You' : nick, body.textContent, delayed);
    }
    if (!own && !delayed) {
      for (const state of chatStates) {
        if (msg.getElementsByTagNameNS(NS.chatStates, state).length) setTyping(nick, state === 'composing');
      }
    }
    return true;
  }

  function onPresence(pres) {
    const from = pres.getAttribute('from') || '';
    if (!chat || bareOf(from) !== chat.room) return true;
    const nick = resourceOf(from);
    const type = pres.getAttribute('type');
    const x = pres.getElementsByTagNameNS(NS.mucUser, 'x')[0];
    const codes = x ? [...x.getElementsByTagNameNS(NS.mucUser, 'status')].map((s) => s.getAttribute('code')) : [];
    const self = nick === chat.nick || codes.includes('110');
    if (type === 'error') {
      const condition = pres.getElementsByTagName('error')[0]?.firstElementChild?.localName || 'error';
      if (!chat.joined) endChat(`Could not join the room (${condition}).`);
      return true;
    }
    if (self) {
      if (type === 'unavailable') {
        const destroyed = x && x.getElementsByTagNameNS(NS.mucUser, 'destroy').length > 0;
        endChat(destroyed ? 'The chat was closed.' : 'You left the chat.');
      } else if (!chat.joined) {
        chat.joined = true;
        setChatState(`You are chatting with ${chat.contact.author}.`);
        for (const el of [ui.input, ui.send]) el.disabled = false;
        ui.input.focus();
      }
      return true;
    }
    if (type === 'unavailable') {
      setTyping(nick, false);
      addLine('system', '', `${nick} left`);
      if (!chat.ended) setChatState(`${nick} left the chat. Leave it to finish.`);
    } else if (chat.joined) {
      addLine('system', '', `${nick} joined`);
    }
    return true;
  }

  // --- connection --------------------------------------------------------

  function online() {
    conn.addHandler(onMessage, null, 'message');
    conn.addHandler(onPresence, null, 'presence');
    conn.send($pres());
    const pubsub = `pubsub.${ui.domain.value.trim()}`;
    conn.sendIQ($iq({ type: 'set', to: pubsub })
      .c('pubsub', { xmlns: NS.pubsub }).c('subscribe', { node: contactsNode, jid: me.jid.split('/')[0] }),
    () => {
      setStatus('online', `Signed in as ${me.user}. Waiting for chats…`);
      // The chats that exist already (the node keeps each contact's latest state).
      conn.sendIQ($iq({ type: 'get', to: pubsub })
        .c('pubsub', { xmlns: NS.pubsub }).c('items', { node: contactsNode, max_items: '100' }),
      (result) => {
        const items = result.getElementsByTagNameNS(NS.pubsub, 'items')[0];
        if (items) readItems(items);
      }, () => {});
    }, (error) => {
      const condition = error?.getElementsByTagName('error')[0]?.firstElementChild?.localName || 'no answer';
      setStatus('error', `Signed in, but chat events are not available (${condition}).`);
    });
  }

  function signedOut(text, state = 'offline') {
    conn = null;
    if (chat && !chat.ended) endChat('Signed out.');
    chat = null;
    contacts.clear();
    ui.chat.hidden = true;
    ui.console.hidden = true;
    ui.loginForm.hidden = false;
    ui.connect.disabled = false;
    setStatus(state, text);
  }

  ui.loginForm.addEventListener('submit', (e) => {
    e.preventDefault();
    ui.error.hidden = true;
    const user = ui.user.value.trim();
    const domain = ui.domain.value.trim();
    const jid = user.includes('@') ? user : `${user}@${domain}`;
    me = { user: jid.split('@')[0], password: ui.password.value, jid };
    ui.connect.disabled = true;
    setStatus('connecting', 'Signing in…');
    const connection = new Strophe.Connection(ui.boshUrl.value.trim());
    conn = connection;
    let failure = null;
    // A failed sign-in shows at once; whatever Strophe reports later about that connection
    // (it may still be closing it) is ignored.
    const refuse = (text) => {
      conn = null;
      ui.error.textContent = text;
      ui.error.hidden = false;
      signedOut('Not signed in.', 'error');
      try { connection.disconnect('sign-in failed'); } catch { /* already closed */ }
    };
    connection.connect(jid, me.password, (status, condition) => {
      if (conn !== connection) return;
      const S = Strophe.Status;
      if (status === S.CONNECTED) {
        me.jid = connection.jid;
        ui.loginForm.hidden = true;
        ui.console.hidden = false;
        ui.me.textContent = connection.jid;
        setStatus('connecting', 'Subscribing to chat events…');
        renderContacts();
        online();
      } else if (status === S.AUTHFAIL) {
        refuse('Wrong user name or password.');
      } else if (status === S.CONNFAIL) {
        failure = `The server cannot be reached${condition ? ` (${condition})` : ''}.`;
      } else if (status === S.DISCONNECTED) {
        if (failure) {
          ui.error.textContent = failure;
          ui.error.hidden = false;
          signedOut('Not signed in.', 'error');
        } else {
          signedOut('Signed out.');
        }
      }
    });
  });

  ui.logout.addEventListener('click', () => {
    if (!conn) return;
    if (chat && !chat.ended) {
      conn.send($pres({ to: `${chat.room}/${chat.nick}`, type: 'unavailable' }));
      endChat('You left the chat.');
    }
    conn.disconnect('signed out');
  });

  if (typeof Strophe === 'undefined') {
    ui.connect.disabled = true;
    setStatus('error', 'Strophe.js is missing from /vendor/: run scripts/install-web-vendor.sh.');
  } else {
    ui.user.value ? ui.password.focus() : ui.user.focus();
  }
})();
