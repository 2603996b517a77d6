/*
 * likert results pages (views/results/). Every page works without this script: tables, links and
 * forms are the server's. The script adds:
 * - the charts of the results page (Chart.js, served by the app), each bar with a thin range for
 *   its 95 % Wilson interval, drawn by the small plugin below and shown on hover;
 * - live updates: it polls the page's API with the page's own query and, when the answer's
 *   freshness (`signature`, and whether it is stale) changes, updates the page in place: the
 *   results page's numbers and charts from the API's answer; the crosstab and compare pages by
 *   taking their table from a fresh copy of the page, so that the statistics are formatted in
 *   one place (src/web/results-view.ts);
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
  var otherCounts = {};
  /** Refreshes the page makes by itself: the server does not count them as the researcher at work. */
  var BACKGROUND = { accept: 'application/json', 'x-likert-background': '1' };
  /** Set once the session has ended: the page stops refreshing and says how to sign in again. */
  var signedOut = false;

  // --- Formatting: the twins of formatPercent and formatInterval in src/web/results-view.ts ---

  function formatPercent(percent) {
    return percent === null ? '—' : percent.toFixed(2) + '%';
  }

  function formatInterval(ci95) {
    return ci95 === null ? '—' : ci95[0].toFixed(2) + '–' + ci95[1].toFixed(2) + '%';
  }

  function fill(template, name, value) {
    return template.split('{' + name + '}').join(value);
  }

  function clock(date) {
    return date.toLocaleTimeString(config.lang, { hour12: false });
  }

  /** The same key as freshnessKey in results-view.ts: the signature, and the time of a stale answer. */
  function freshnessKey(answer) {
    var parts = answer.signature !== undefined ? [answer] : [answer.a, answer.b];
    return parts
      .map(function (part) {
        return part.signature + '|' + (part.stale ? part.computedAt : '');
      })
      .join(';');
  }

  function staleTime(answer) {
    var parts = answer.signature !== undefined ? [answer] : [answer.a, answer.b];
    for (var i = 0; i < parts.length; i++) if (parts[i].stale) return parts[i].computedAt;
    return null;
  }

  // --- The live status line ---

  function showStatus(state, answer) {
    if (!statusElement) return;
    statusElement.hidden = false;
    statusElement.classList.remove('stale', 'offline');
    var stale = answer ? staleTime(answer) : null;
    if (state === 'offline') {
      statusElement.classList.add('offline');
      statusElement.textContent = words.offline;
    } else if (stale) {
      statusElement.classList.add('stale');
      statusElement.textContent = fill(words.stale, 'time', clock(new Date(stale)));
    } else {
      statusElement.textContent = words.live + ' · ' + fill(words.updated, 'time', clock(new Date()));
    }
  }

  // --- The results page: numbers in place ---

  /** Every number of the page by its data-live key (the keys of liveKey in results-view.ts). */
  function liveValues(results) {
    var values = { respondents: String(results.respondents) };
    values.margin = results.marginOfError === null ? null : results.marginOfError.toFixed(2);
    function choice(key, tally) {
      values[key + '/count'] = String(tally.count);
      values[key + '/percent'] = formatPercent(tally.percent);
      values[key + '/interval'] = formatInterval(tally.ci95);
    }
    results.questions.forEach(function (question) {
      values[question.id + '/answered'] = String(question.answered);
      if (question.other) values[question.id + '/other'] = String(question.other.count);
      if (question.type === 'matrix') {
        question.rows.forEach(function (row) {
          values[question.id + '/' + row.value + '/answered'] = String(row.answered);
          row.columns.forEach(function (column) {
            choice(question.id + '/' + row.value + '/' + column.value, column);
          });
        });
      } else {
        question.options.forEach(function (option) {
          choice(question.id + '/' + option.value, option);
        });
      }
    });
    return values;
  }

  function applyValues(values) {
    document.querySelectorAll('[data-live]').forEach(function (element) {
      var key = element.getAttribute('data-live');
      if (!Object.prototype.hasOwnProperty.call(values, key)) return;
      var value = values[key];
      var template = element.getAttribute('data-template');
      var text = value === null ? '' : template !== null ? fill(template, 'value', value) : value;
      if (template !== null) element.hidden = value === null;
      if (element.textContent === text) return;
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

  function series(label, tallies, colour) {
    return {
      label: label,
      data: tallies.map(function (t) { return t.percent; }),
      ranges: tallies.map(function (t) { return t.ci95; }),
      counts: tallies.map(function (t) { return t.count; }),
      backgroundColor: colour,
    };
  }

  /** A question as bars: one per option, or per row and column of a matrix (a series per column). */
  function chartData(question) {
    if (question.type === 'matrix') {
      var columns = question.rows.length ? question.rows[0].columns : [];
      return {
        labels: question.rows.map(function (row) { return row.label; }),
        datasets: columns.map(function (column, j) {
          return series(column.label, question.rows.map(function (row) { return row.columns[j]; }), PALETTE[j % PALETTE.length]);
        }),
      };
    }
    return { labels: question.options.map(function (o) { return o.label; }), datasets: [series('', question.options, PALETTE[0])] };
  }

  function shorten(label) {
    return label.length > 16 ? label.slice(0, 15) + '…' : label;
  }

  function chartOptions(matrix) {
    return {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { min: 0, max: 100, title: { display: true, text: words.chartLabel }, ticks: { callback: function (v) { return v + '%'; } } },
        y: { ticks: { autoSkip: false, callback: function (value) { return shorten(this.getLabelForValue(value)); } } },
      },
      plugins: {
        legend: { display: matrix, position: 'bottom' },
        tooltip: {
          callbacks: {
            label: function (item) {
              var dataset = item.dataset;
              var prefix = dataset.label ? dataset.label + ': ' : '';
              return prefix + formatPercent(item.raw) + ' (' + words.count + ' ' + dataset.counts[item.dataIndex] + ')';
            },
            afterLabel: function (item) {
              return words.interval + ': ' + formatInterval(item.dataset.ranges[item.dataIndex]);
            },
          },
        },
      },
    };
  }

  function drawCharts(results) {
    if (!window.Chart) return;
    results.questions.forEach(function (question) {
      var canvas = document.getElementById('chart-' + question.id);
      if (!canvas) return;
      var data = chartData(question);
      var chart = charts[question.id];
      if (chart) {
        data.datasets.forEach(function (dataset, i) {
          var shown = chart.data.datasets[i];
          shown.data = dataset.data;
          shown.ranges = dataset.ranges;
          shown.counts = dataset.counts;
        });
        chart.update('none');
        return;
      }
      var matrix = question.type === 'matrix';
      var bars = data.labels.length * (matrix ? data.datasets.length : 1);
      // The height follows the number of bars (set through the CSSOM, which the CSP allows).
      canvas.parentNode.style.height = (matrix ? bars * 9 + data.labels.length * 14 + 90 : bars * 30 + 56) + 'px';
      canvas.closest('figure').hidden = false;
      charts[question.id] = new window.Chart(canvas, { type: 'bar', data: data, options: chartOptions(matrix), plugins: [wilsonRanges] });
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

  function refreshOpenOtherTexts(results) {
    results.questions.forEach(function (question) {
      if (!question.other) return;
      var before = otherCounts[question.id];
      otherCounts[question.id] = question.other.count;
      if (before === undefined || before === question.other.count) return;
      var details = document.querySelector('#q-' + question.id + ' details[data-other-api]');
      if (details && details.open) loadOtherTexts(details, true);
    });
  }

  document.querySelectorAll('details[data-other-api]').forEach(function (details) {
    details.addEventListener('toggle', function () {
      if (details.open) loadOtherTexts(details);
    });
  });

  // --- Applying a new answer ---

  /** The crosstab and compare pages: their table from a fresh copy of the page itself. */
  function swapRegion() {
    var headers = { accept: 'text/html', 'x-likert-background': '1' };
    return fetch(window.location.href, { headers: headers, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) return endOfSession();
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(function (html) {
        if (html === undefined) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live-region]');
        var region = document.querySelector('[data-live-region]');
        if (!fresh || !region) throw new Error('no live region');
        region.replaceChildren.apply(region, Array.prototype.map.call(fresh.childNodes, function (node) {
          return document.importNode(node, true);
        }));
      });
  }

  function apply(answer) {
    if (config.kind !== 'results') return swapRegion();
    applyValues(liveValues(answer));
    drawCharts(answer);
    refreshOpenOtherTexts(answer);
    return Promise.resolve();
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

  function poll() {
    if (asking || signedOut) return;
    asking = true;
    fetch(config.api, { headers: BACKGROUND, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) return endOfSession();
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (answer) {
        if (!answer || signedOut) return;
        var key = freshnessKey(answer);
        var done = key === config.key ? Promise.resolve() : apply(answer);
        return done.then(function () {
          if (signedOut) return; // The page's own copy was refused: the session ended meanwhile.
          config.key = key;
          failures = 0;
          showStatus('live', answer);
        });
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

  if (config.kind === 'results') {
    drawCharts(config.results);
    config.results.questions.forEach(function (question) {
      if (question.other) otherCounts[question.id] = question.other.count;
    });
    showStatus('live', config.results);
  } else if (!(statusElement && statusElement.classList.contains('stale'))) {
    showStatus('live');
  }
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
