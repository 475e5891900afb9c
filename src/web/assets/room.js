/*
 * The bidding room, live (progressive enhancement of /auctions/:listingNo, which works without it).
 *  - The API's Server-Sent Events (/api/v1/listings/<id>/auction/events): price, leader, history and countdown
 *    updated in place; 竞价已延时 when the end moves; 竞价结束 with the result at the close.
 *  - A dropped stream is reopened (the browser retries by itself; a closed one is reopened with a back-off) and every
 *    (re)opening catches up by re-reading /auction and /auction/bids.
 *  - The countdown runs on the server's clock: the offset between the server's `serverTime` and this browser's clock.
 *  - A quick bid opens the server's confirmation (元 and 大写) in a dialog; 确认出价 posts it with the form's
 *    X-CSRF-Token and its Idempotency-Key (one per confirmation: a second click cannot place a second bid).
 */
(function () {
  'use strict';

  var room = document.getElementById('room');
  if (!room || !window.fetch || !window.JSON) return;

  var data = room.dataset;
  var listingId = data.listingId;
  var listingNo = data.listingNo;
  var unit = data.unit || '元';
  var mine = data.mine || null;
  var HISTORY_SIZE = 50;
  var EVENT_TYPES = ['bid', 'extended', 'closed', 'suspended', 'resumed'];

  var state = {
    status: data.status,
    direction: data.direction,
    startPriceFen: Number(data.start),
    incrementFen: Number(data.increment),
    currentPriceFen: data.current === '' ? null : Number(data.current),
    leadingBidderNo: data.leader || null,
    startsAt: data.startsAt,
    endsAt: null,
    bidCount: null,
  };
  /** server clock − this browser's clock, in ms */
  var offset = Date.parse(data.serverTime) - Date.now();

  var el = function (id) {
    return document.getElementById(id);
  };
  var priceEl = el('price');
  var leaderEl = el('leader');
  var timerEl = el('timer');
  var timerLabelEl = el('timer-label');
  var endsAtEl = el('ends-at');
  var bidCountEl = el('bid-count');
  var historyEl = el('history');
  var statusEl = el('room-status');
  var quickForm = el('quick-form');
  var dialog = el('confirm-dialog');
  var confirmBody = el('confirm-body');
  state.endsAt = timerEl ? timerEl.getAttribute('data-ends-at') : null;
  state.bidCount = bidCountEl ? Number(bidCountEl.textContent) : 0;

  /* ---------- formatting (as the server's view helpers) ---------- */

  function yuan(fen) {
    var abs = Math.abs(fen);
    var whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    var cents = String(abs % 100);
    return (fen < 0 ? '-' : '') + whole + '.' + (cents.length < 2 ? '0' + cents : cents);
  }

  function price(fen) {
    return yuan(fen) + ' ' + unit;
  }

  /** China time to the second: 2026-12-18 17:00:05 */
  function clock(iso) {
    var t = Date.parse(iso);
    if (isNaN(t)) return '—';
    return new Date(t + 8 * 3600000).toISOString().slice(0, 19).replace('T', ' ');
  }

  function two(n) {
    return n < 10 ? '0' + n : String(n);
  }

  function countdown(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var days = Math.floor(total / 86400);
    var text =
      two(Math.floor((total % 86400) / 3600)) + ':' + two(Math.floor((total % 3600) / 60)) + ':' + two(total % 60);
    return days > 0 ? days + ' 天 ' + text : text;
  }

  function setText(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }

  /* ---------- messages ---------- */

  function say(text) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.classList.add('shown');
  }

  var flashEl = null;
  function flash(text) {
    if (!flashEl) {
      flashEl = document.createElement('p');
      flashEl.className = 'ok';
      flashEl.id = 'room-flash';
      flashEl.setAttribute('aria-live', 'polite');
      room.insertBefore(flashEl, room.firstChild);
    }
    flashEl.textContent = text;
  }

  function closedText(a) {
    return a.currentPriceFen !== null && a.leadingBidderNo
      ? '竞价结束：成交价 ' + price(a.currentPriceFen) + '，竞得人竞买号 ' + a.leadingBidderNo
      : '竞价结束：无人出价，本项目流拍';
  }

  /* ---------- rendering ---------- */

  function renderLeader() {
    if (!leaderEl) return;
    var leader = state.leadingBidderNo;
    var isMe = Boolean(mine && leader === mine);
    leaderEl.textContent = '';
    if (!leader) {
      leaderEl.textContent = '最高出价人：—';
    } else {
      leaderEl.appendChild(document.createTextNode('最高出价人：竞买号 '));
      var strong = document.createElement('strong');
      strong.textContent = leader;
      leaderEl.appendChild(strong);
      if (isMe) leaderEl.appendChild(document.createTextNode('（您是最高出价人）'));
    }
    leaderEl.classList.toggle('mine', isMe);
  }

  function renderQuick() {
    if (!quickForm) return;
    var first = state.currentPriceFen === null;
    var base = first ? state.startPriceFen : state.currentPriceFen;
    var sign = state.direction === 'DESCENDING' ? -1 : 1;
    var buttons = quickForm.querySelectorAll('button[data-steps]');
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var steps = Number(b.getAttribute('data-steps'));
      var over = first ? steps - 1 : steps;
      var amount = base + sign * over * state.incrementFen;
      b.hidden = amount <= 0;
      b.value = String(amount);
      setText(b.querySelector('.amt'), price(amount));
      setText(
        b.querySelector('.step'),
        over === 0 ? '起始价' : first ? '起始价 + ' + over + ' 个幅度' : '+' + over + ' 个幅度',
      );
    }
    quickForm.hidden = state.status !== 'OPEN';
  }

  function render() {
    setText(priceEl, state.currentPriceFen === null ? '暂无出价' : price(state.currentPriceFen));
    renderLeader();
    if (bidCountEl && state.bidCount !== null) setText(bidCountEl, String(state.bidCount));
    if (timerEl && state.endsAt) timerEl.setAttribute('data-ends-at', state.endsAt);
    if (endsAtEl && state.endsAt) {
      endsAtEl.setAttribute('datetime', state.endsAt);
      setText(endsAtEl, clock(state.endsAt));
    }
    renderQuick();
    tick();
  }

  /** Takes an auction state (the API's public state, or an event's); announces a moved end. */
  function apply(a) {
    if (!a) return;
    var before = state.endsAt;
    state.status = a.status;
    state.direction = a.direction || state.direction;
    if (a.startPriceFen !== undefined) state.startPriceFen = a.startPriceFen;
    if (a.incrementFen !== undefined) state.incrementFen = a.incrementFen;
    state.currentPriceFen = a.currentPriceFen === undefined ? state.currentPriceFen : a.currentPriceFen;
    state.leadingBidderNo = a.leadingBidderNo === undefined ? state.leadingBidderNo : a.leadingBidderNo;
    if (a.bidCount !== undefined) state.bidCount = a.bidCount;
    if (a.startsAt) state.startsAt = new Date(a.startsAt).toISOString();
    if (a.endsAt) state.endsAt = new Date(a.endsAt).toISOString();
    render();
    if (a.status === 'CLOSED') {
      say(closedText(a));
    } else if (a.status === 'OPEN' && before && state.endsAt && Date.parse(state.endsAt) > Date.parse(before)) {
      say('竞价已延时：结束时间延至 ' + clock(state.endsAt));
    }
  }

  function historyRow(b) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-seq', String(b.seq));
    var isMe = Boolean(mine && b.bidderNo === mine);
    if (isMe) tr.className = 'mine';
    var cells = [String(b.seq), b.bidderNo + (isMe ? '（我）' : ''), price(b.amountFen)];
    for (var i = 0; i < cells.length; i++) {
      var td = document.createElement('td');
      td.textContent = cells[i];
      tr.appendChild(td);
    }
    var when = document.createElement('time');
    when.setAttribute('datetime', new Date(b.placedAt).toISOString());
    when.textContent = clock(b.placedAt).slice(11);
    var last = document.createElement('td');
    last.appendChild(when);
    tr.appendChild(last);
    return tr;
  }

  /** Adds a bid to the history (newest first), once. */
  function addBid(b) {
    if (!historyEl || !b || historyEl.querySelector('tr[data-seq="' + Number(b.seq) + '"]')) return;
    var empty = historyEl.querySelector('tr.empty');
    if (empty) empty.parentNode.removeChild(empty);
    var rows = historyEl.querySelectorAll('tr[data-seq]');
    var before = null;
    for (var i = 0; i < rows.length; i++) {
      if (Number(rows[i].getAttribute('data-seq')) < b.seq) {
        before = rows[i];
        break;
      }
    }
    historyEl.insertBefore(historyRow(b), before);
    var all = historyEl.querySelectorAll('tr[data-seq]');
    for (var j = HISTORY_SIZE; j < all.length; j++) all[j].parentNode.removeChild(all[j]);
  }

  function renderHistory(items) {
    if (!historyEl) return;
    historyEl.textContent = '';
    if (items.length === 0) {
      var tr = document.createElement('tr');
      tr.className = 'empty';
      var td = document.createElement('td');
      td.colSpan = 4;
      td.textContent = '暂无出价';
      tr.appendChild(td);
      historyEl.appendChild(tr);
      return;
    }
    for (var i = 0; i < items.length; i++) historyEl.appendChild(historyRow(items[i]));
  }

  /* ---------- the server's clock and the countdown ---------- */

  var settling = null;
  /** Re-reads the state once, `everyMs` from now (the opening and the close are the server's to announce). */
  function settle(everyMs) {
    if (settling) return;
    settling = setTimeout(function () {
      settling = null;
      catchUp();
    }, everyMs);
  }

  function tick() {
    if (!timerEl) return;
    var now = Date.now() + offset;
    if (state.status === 'SCHEDULED') {
      setText(timerLabelEl, '距开始');
      var toStart = Date.parse(state.startsAt) - now;
      setText(timerEl, countdown(toStart));
      if (toStart <= 0) settle(1000);
    } else if (state.status === 'OPEN') {
      setText(timerLabelEl, '距结束');
      var left = Date.parse(state.endsAt) - now;
      setText(timerEl, left > 0 ? countdown(left) : '00:00:00');
      if (left <= -1500) settle(2000); // the close is announced by the stream; re-read if it did not come
    } else {
      setText(timerLabelEl, '竞价状态');
      setText(timerEl, state.status === 'CLOSED' ? '已结束' : '已中止');
    }
  }

  /* ---------- the live stream, and catching up ---------- */

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (res) {
      if (!res.ok) throw new Error(url + ': ' + res.status);
      return res.json();
    });
  }

  var catchingUp = null;
  function catchUp() {
    if (catchingUp) return catchingUp;
    var base = '/api/v1/listings/' + encodeURIComponent(listingId) + '/auction';
    var sent = Date.now();
    catchingUp = Promise.all([getJson(base), getJson(base + '/bids?pageSize=' + HISTORY_SIZE)])
      .then(function (results) {
        var received = Date.now();
        var s = results[0];
        if (s.serverTime) offset = Date.parse(s.serverTime) - (sent + received) / 2;
        renderHistory(results[1].items || []);
        apply(s);
        if (s.status === 'CLOSED' && source) {
          source.close();
          source = null;
        }
      })
      .catch(function () {
        /* the stream's next (re)opening tries again */
      })
      .then(function () {
        catchingUp = null;
      });
    return catchingUp;
  }

  var source = null;
  var retryMs = 1000;
  var live = false;

  function onEvent(e) {
    var payload;
    try {
      payload = JSON.parse(e.data);
    } catch {
      return;
    }
    if (payload.bid) addBid(payload.bid);
    apply(payload.auction);
    if (e.type === 'extended') {
      say('竞价已延时：结束时间延至 ' + clock(state.endsAt));
    } else if (e.type === 'suspended') {
      say('竞价已中止：剩余时间保留，恢复后继续');
    } else if (e.type === 'resumed') {
      say('竞价已恢复：结束时间 ' + clock(state.endsAt));
    } else if (e.type === 'closed') {
      closeDialog();
      if (source) source.close();
      source = null;
      live = false;
    }
  }

  function connect() {
    if (!window.EventSource || state.status === 'CLOSED') return;
    source = new EventSource('/api/v1/listings/' + encodeURIComponent(listingId) + '/auction/events');
    source.addEventListener('open', function () {
      live = true;
      retryMs = 1000;
      catchUp();
    });
    for (var i = 0; i < EVENT_TYPES.length; i++) source.addEventListener(EVENT_TYPES[i], onEvent);
    source.addEventListener('error', function () {
      live = false;
      // CONNECTING: the browser reopens it by itself (and 'open' catches up); CLOSED: reopen it ourselves
      if (source && source.readyState === 2) {
        source.close();
        source = null;
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 30000);
      }
    });
  }

  /* ---------- quick bids: the confirmation in a dialog ---------- */

  function closeDialog() {
    if (dialog && dialog.open) dialog.close();
  }

  if (dialog) {
    dialog.addEventListener('close', function () {
      if (confirmBody) confirmBody.textContent = '';
    });
  }

  function showConfirmError(form, text) {
    var box = confirmBody && confirmBody.querySelector('#confirm-error');
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  }

  function submitBid(form) {
    var button = form.querySelector('button[type="submit"]');
    if (button.disabled) return;
    button.disabled = true;
    var fields = new FormData(form);
    var amountFen = Number(fields.get('amountFen'));
    fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRF-Token': String(fields.get('_csrf')),
        'Idempotency-Key': String(fields.get('idempotencyKey')),
      },
      body: JSON.stringify({ amountFen: amountFen }),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (body) {
            if (res.ok && body) {
              closeDialog();
              addBid(body);
              flash('出价成功：' + price(body.amountFen) + '（第 ' + body.seq + ' 次出价）');
              if (!live) catchUp();
              return;
            }
            // refused: this confirmation is spent; a new quick bid makes a new one
            showConfirmError(form, '出价未成功：' + (body && body.message ? body.message : '请刷新页面后重试'));
          });
      })
      .catch(function () {
        // not known whether it arrived: the same key may be sent again, it cannot place a second bid
        button.disabled = false;
        showConfirmError(form, '网络异常，出价可能未送达。可再次点击“确认出价”重试（不会重复出价）。');
      });
  }

  function openConfirm(amount, fallbackUrl) {
    var url = '/auctions/' + encodeURIComponent(listingNo) + '/confirm?amountFen=' + encodeURIComponent(amount);
    fetch(url + '&partial=1', { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok || res.redirected) throw new Error('no confirmation');
        return res.text();
      })
      .then(function (html) {
        confirmBody.innerHTML = html;
        var form = confirmBody.querySelector('form');
        form.addEventListener('submit', function (e) {
          e.preventDefault();
          submitBid(form);
        });
        var cancel = confirmBody.querySelector('#confirm-cancel');
        if (cancel) {
          cancel.addEventListener('click', function (e) {
            e.preventDefault();
            closeDialog();
          });
        }
        dialog.showModal();
      })
      .catch(function () {
        window.location.href = fallbackUrl || url;
      });
  }

  if (quickForm && dialog && confirmBody && typeof dialog.showModal === 'function') {
    quickForm.addEventListener('submit', function (e) {
      var button = e.submitter;
      if (!button || !button.value) return; // let the form go to the server's confirmation page
      e.preventDefault();
      openConfirm(button.value);
    });
  }

  render();
  setInterval(tick, 250);
  connect();
})();
