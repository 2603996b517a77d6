/*
 * likert results pages (views/results/). Every page works without this script: tables, links and
 * forms are the server's. The script adds:
 * - the charts of the results page (Chart.js, served by the app) from the data the server wrote
 *   beside each canvas, each bar with a thin range for its 95 % Wilson interval, drawn by the
 *   small plugin below and shown on hover;
 * - live updates, one way for every page: it asks for a fresh copy of the page itself with the
 *   page's freshness as its ETag (If-None-Match), so an unchanged page costs a 304; a changed one
 *   is taken into the page: the live region of the crosstab and compare pages whole, the numbers
 *   of the results page by their `data-live` keys, and the charts' data. Every number and word is
 *   formatted by the server (src/web/view-models/results/), none here;
 * - the newest "other" texts, fetched when their section is opened;
 * - a question select in the subgroup forms, so that one question's answers show at a time.
 */
(function () {
  'use strict';

  /** How often to ask: every 1.5 s while the page is seen (a response shows within 2 s), seldom when hidden. */
  var VISIBLE_MS = 1500;
  var HIDDEN_MS = 15000;
  var MOST_BACKOFF_MS = 30000;
  var OTHER_PREVIEW = 5;
  var PALETTE = ['#1558b0', '#e07b00', '#2e8b57', '#b03a7a', '#6a5acd', '#8b6b1f', '#008b8b', '#c0392b'];

  setUpConditionPickers();

  var configElement = document.getElementById('results-config');
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var words = config.words;
  var statusElement = document.getElementById('live-status');
  var charts = {};
  /** Refreshes the page makes by itself: the server does not count them as the researcher at work. */
  var BACKGROUND = { accept: 'application/json', 'x-likert-background': '1' };
  /** Set once the session has ended: the page stops refreshing and says how to sign in again. */
  var signedOut = false;

  function fill(template, name, value) {
    return template.split('{' + name + '}').join(value);
  }

  function clock(date) {
    return date.toLocaleTimeString(config.lang, { hour12: false });
  }

  // --- The live status line ---

  /**
   * The live line: offline, or the server's own words for a stale answer (from the copy of the
   * page, `staleText`), or live with the time of this browser's last look.
   */
  function showStatus(state, staleText) {
    if (!statusElement) return;
    statusElement.hidden = false;
    statusElement.classList.remove('stale', 'offline');
    if (state === 'offline') {
      statusElement.classList.add('offline');
      statusElement.textContent = words.offline;
    } else if (staleText) {
      statusElement.classList.add('stale');
      statusElement.textContent = staleText;
    } else {
      statusElement.textContent = words.live + ' · ' + fill(words.updated, 'time', clock(new Date()));
    }
  }

  // --- The results page: numbers in place ---

  /** Every number of a copy of the page by its data-live key; null where its sentence is hidden. */
  function liveValues(fresh) {
    var values = {};
    fresh.querySelectorAll('[data-live]').forEach(function (element) {
      values[element.getAttribute('data-live')] = element.hidden ? null : element.textContent;
    });
    return values;
  }

  function applyValues(values) {
    document.querySelectorAll('[data-live]').forEach(function (element) {
      var key = element.getAttribute('data-live');
      if (!Object.prototype.hasOwnProperty.call(values, key)) return;
      var text = values[key];
      element.hidden = text === null;
      if (text === null || element.textContent === text) return;
      element.textContent = text;
      // Restart the highlight of a changed number.
      element.classList.remove('changed');
      void element.offsetWidth;
      element.classList.add('changed');
    });
  }

  // --- Charts ---

  /** Draws each bar's 95 % interval as a thin range across its end. */
  var wilsonRanges = {
    id: 'wilsonRanges',
    afterDatasetsDraw: function (chart) {
      var context = chart.ctx;
      var scale = chart.scales.x;
      chart.data.datasets.forEach(function (dataset, i) {
        if (!dataset.ranges || !chart.isDatasetVisible(i)) return;
        chart.getDatasetMeta(i).data.forEach(function (bar, j) {
          var range = dataset.ranges[j];
          if (!range) return;
          var from = scale.getPixelForValue(range[0]);
          var to = scale.getPixelForValue(range[1]);
          var half = Math.max(2, Math.min(6, bar.height / 3));
          context.save();
          context.strokeStyle = '#1d1d1f';
          context.lineWidth = 1.5;
          context.beginPath();
          context.moveTo(from, bar.y);
          context.lineTo(to, bar.y);
          context.moveTo(from, bar.y - half);
          context.lineTo(from, bar.y + half);
          context.moveTo(to, bar.y - half);
          context.lineTo(to, bar.y + half);
          context.stroke();
          context.restore();
        });
      });
    },
  };

  /** The chart data the server wrote beside each canvas, by canvas id. */
  function chartSpecs(root) {
    var specs = {};
    root.querySelectorAll('script[data-chart-for]').forEach(function (element) {
      specs[element.getAttribute('data-chart-for')] = JSON.parse(element.textContent);
    });
    return specs;
  }

  function datasetsOf(spec) {
    return spec.datasets.map(function (dataset, i) {
      return {
        label: dataset.label,
        data: dataset.percents,
        ranges: dataset.ranges,
        tips: dataset.tips,
        backgroundColor: spec.grouped ? PALETTE[i % PALETTE.length] : PALETTE[0],
      };
    });
  }

  function shorten(label) {
    return label.length > 16 ? label.slice(0, 15) + '…' : label;
  }

  function chartOptions(spec) {
    return {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { min: 0, max: 100, title: { display: true, text: spec.axis }, ticks: { callback: function (v) { return v + '%'; } } },
        y: { ticks: { autoSkip: false, callback: function (value) { return shorten(this.getLabelForValue(value)); } } },
      },
      plugins: {
        legend: { display: spec.grouped, position: 'bottom' },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.tips[item.dataIndex][0];
            },
            afterLabel: function (item) {
              return item.dataset.tips[item.dataIndex][1];
            },
          },
        },
      },
    };
  }

  function drawCharts(specs) {
    if (!window.Chart) return;
    Object.keys(specs).forEach(function (id) {
      var canvas = document.getElementById(id);
      if (!canvas) return;
      var spec = specs[id];
      var chart = charts[id];
      if (chart) {
        datasetsOf(spec).forEach(function (dataset, i) {
          var shown = chart.data.datasets[i];
          shown.data = dataset.data;
          shown.ranges = dataset.ranges;
          shown.tips = dataset.tips;
        });
        chart.update('none');
        return;
      }
      var bars = spec.labels.length * (spec.grouped ? spec.datasets.length : 1);
      // The height follows the number of bars (set through the CSSOM, which the CSP allows).
      canvas.parentNode.style.height = (spec.grouped ? bars * 9 + spec.labels.length * 14 + 90 : bars * 30 + 56) + 'px';
      canvas.closest('figure').hidden = false;
      charts[id] = new window.Chart(canvas, {
        type: 'bar',
        data: { labels: spec.labels, datasets: datasetsOf(spec) },
        options: chartOptions(spec),
        plugins: [wilsonRanges],
      });
    });
  }

  // --- "Other" texts: the newest few, fetched when their section opens ---

  function loadOtherTexts(details, inBackground) {
    var preview = details.querySelector('[data-other-preview]');
    preview.textContent = words.loading;
    var headers = inBackground ? BACKGROUND : { accept: 'application/json' };
    fetch(details.getAttribute('data-other-api'), { headers: headers, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) return endOfSession();
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (page) {
        if (!page) return;
        var texts = page.texts.slice(0, OTHER_PREVIEW);
        preview.textContent = '';
        if (!texts.length) return;
        var heading = document.createElement('p');
        heading.textContent = fill(words.first, 'count', String(texts.length));
        var list = document.createElement('ol');
        texts.forEach(function (entry) {
          var item = document.createElement('li');
          var text = document.createElement('span');
          text.textContent = entry.text;
          var when = document.createElement('time');
          when.dateTime = entry.submittedAt;
          when.textContent = new Date(entry.submittedAt).toLocaleString(config.lang, { hour12: false });
          item.append(text, ' ', when);
          list.append(item);
        });
        preview.append(heading, list);
      })
      .catch(function () {
        preview.textContent = words.failed;
      });
  }

  /** Open "other" sections whose count moved (their `<question>/other` number) load again. */
  function refreshOpenOtherTexts(before, after) {
    document.querySelectorAll('details[data-other-api]').forEach(function (details) {
      var key = details.getAttribute('data-other-count');
      if (details.open && before[key] !== after[key]) loadOtherTexts(details, true);
    });
  }

  document.querySelectorAll('details[data-other-api]').forEach(function (details) {
    details.addEventListener('toggle', function () {
      if (details.open) loadOtherTexts(details);
    });
  });

  // --- Taking a fresh copy of the page in ---

  /** What the page shows now: every live number, its region, its charts and its stale line. */
  function takeIn(fresh) {
    var region = document.querySelector('[data-live-region]');
    var freshRegion = fresh.querySelector('[data-live-region]');
    if (region && freshRegion) {
      region.replaceChildren.apply(region, Array.prototype.map.call(freshRegion.childNodes, function (node) {
        return document.importNode(node, true);
      }));
    }
    var before = liveValues(document);
    var after = liveValues(fresh);
    applyValues(after);
    drawCharts(chartSpecs(fresh));
    refreshOpenOtherTexts(before, after);
    var freshStatus = fresh.getElementById('live-status');
    return freshStatus && freshStatus.classList.contains('stale') ? freshStatus.textContent : '';
  }

  // --- Polling ---

  var failures = 0;
  var timer = null;
  var asking = false;

  /**
   * The session ended (signed out elsewhere, or idle too long): stop refreshing, keep the
   * numbers on screen, and say so with a way back to this page through the sign-in form.
   */
  function endOfSession() {
    if (signedOut) return;
    signedOut = true;
    clearTimeout(timer);
    if (!statusElement) return;
    var link = document.createElement('a');
    link.href = '/login?next=' + encodeURIComponent(window.location.pathname + window.location.search);
    link.textContent = words.signIn;
    statusElement.hidden = false;
    statusElement.classList.remove('stale');
    statusElement.classList.add('offline');
    statusElement.replaceChildren(words.signedOut + ' ', link);
  }

  function schedule() {
    if (signedOut) return;
    clearTimeout(timer);
    var wait = document.visibilityState === 'hidden' ? HIDDEN_MS : VISIBLE_MS;
    if (failures) wait = Math.min(MOST_BACKOFF_MS, Math.max(wait, VISIBLE_MS * Math.pow(2, failures)));
    timer = setTimeout(poll, wait);
  }

  /** The page's freshness as its ETag: the server answers 304 while it is the same. */
  var etag = 'W/"' + config.key + '"';
  var staleText = statusElement && statusElement.classList.contains('stale') ? statusElement.textContent : '';

  function poll() {
    if (asking || signedOut) return;
    asking = true;
    var headers = { accept: 'text/html', 'x-likert-background': '1', 'if-none-match': etag };
    fetch(window.location.href, { headers: headers, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) return endOfSession();
        if (response.status === 304) return null;
        if (!response.ok) throw new Error('HTTP ' + response.status);
        var next = response.headers.get('etag');
        return response.text().then(function (html) {
          if (signedOut) return; // The page's own copy was refused: the session ended meanwhile.
          staleText = takeIn(new DOMParser().parseFromString(html, 'text/html'));
          if (next) etag = next;
        });
      })
      .then(function () {
        if (signedOut) return;
        failures = 0;
        showStatus('live', staleText);
      })
      .catch(function () {
        failures += 1;
        showStatus('offline');
      })
      .then(function () {
        asking = false;
        schedule();
      });
  }

  document.addEventListener('visibilitychange', function () {
    // Back on the page: ask at once rather than at the end of a long hidden wait.
    if (document.visibilityState === 'visible' && !asking) poll();
  });
  window.addEventListener('online', function () {
    if (!asking) poll();
  });

  drawCharts(chartSpecs(document));
  showStatus('live', staleText);
  schedule();

  // --- Subgroup forms ---

  /** One question's answers at a time: the chosen one, and those already ticked. */
  function setUpConditionPickers() {
    document.querySelectorAll('[data-conditions]').forEach(function (builder) {
      var picker = builder.querySelector('[data-picker]');
      var select = builder.querySelector('[data-picker-select]');
      var fieldsets = builder.querySelectorAll('fieldset');
      function update() {
        fieldsets.forEach(function (fieldset) {
          fieldset.hidden = fieldset.id !== select.value && !fieldset.querySelector('input:checked');
        });
      }
      picker.hidden = false;
      select.addEventListener('change', function () {
        update();
        var chosen = select.value && document.getElementById(select.value);
        if (chosen) chosen.querySelector('input').focus();
      });
      update();
    });
  }
})();
