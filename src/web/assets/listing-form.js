// The listing wizard's live total (issue 13): while the seller types, the total reserve value and the allowed
// deposit range are recomputed here exactly as the server does (integer fen with BigInt; money typed in 元, at most
// two decimals). Optional: without JavaScript the 计算 button re-renders the form with the same figures.
(function () {
  'use strict';
  var form = document.getElementById('listing-form');
  var box = document.getElementById('reserve-summary');
  if (!form || !box || typeof BigInt !== 'function') return;

  var UNITS = { TOTAL: '元', PER_YEAR: '元/年', PER_MU_PER_YEAR: '元/亩/年' };

  function field(name) {
    var el = form.elements.namedItem(name);
    return el && typeof el.value === 'string' ? el.value.normalize('NFKC').replace(/[\s,，]/g, '') : '';
  }
  function fen(text) {
    var m = /^(\d{1,16})(?:\.(\d{0,2}))?$/.exec(text.replace(/元$/, ''));
    if (!m) return null;
    return BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0'));
  }
  function hundredths(text) {
    var m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
    return m ? BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0')) : null;
  }
  function yuan(f) {
    var s = f.toString().padStart(3, '0');
    var int = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return int + '.' + s.slice(-2) + ' 元';
  }
  function total(unit, price, years, area) {
    if (unit === 'TOTAL') return price;
    if (years === null || years <= 0n) return null;
    if (unit === 'PER_YEAR') return price * years;
    if (area === null || area <= 0n) return null;
    var x = price * area * years;
    return (x + 50n) / 100n; // half up, as the server
  }
  function text(node, value) {
    var p = document.createElement('p');
    p.textContent = value;
    node.appendChild(p);
  }

  function update() {
    var unit = field('priceUnit') || 'TOTAL';
    document.querySelectorAll('.price-unit').forEach(function (s) {
      s.textContent = UNITS[unit] || '元';
    });
    var price = fen(field('reservePrice'));
    var yearsText = field('termYears');
    var years = /^\d{1,3}$/.test(yearsText) ? BigInt(yearsText) : null;
    var area = hundredths(field('areaMu'));
    var sum = price === null ? null : total(unit, price, years, area);
    var base = price === null ? null : unit === 'TOTAL' ? sum : total(unit, price, 1n, area);
    box.textContent = '';
    if (sum === null || base === null) {
      text(box, '填写底价、面积和期限后显示底价总额和保证金范围。');
      return;
    }
    // the bounds in basis points, from the page (the server's rule)
    var minBp = BigInt(box.dataset.minBp);
    var maxBp = BigInt(box.dataset.maxBp);
    var range = Number(minBp) / 100 + '%–' + Number(maxBp) / 100 + '%';
    var min = (base * minBp + 9999n) / 10000n;
    var max = (base * maxBp) / 10000n;
    text(box, '底价总额：' + yuan(sum));
    text(
      box,
      '保证金可填范围：' +
        yuan(min) +
        ' 至 ' +
        yuan(max) +
        (unit === 'TOTAL' ? '（底价总额的 ' + range + '）' : '（一年租金 ' + yuan(base) + ' 的 ' + range + '）'),
    );
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
})();
