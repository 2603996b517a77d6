// Progressive enhancement of the survey form: the form works without this file.
// It shows an "other" box only while its choice is ticked, checks the answers before
// sending with the same rules and words as the server, and sends a filled form once.
(function () {
  'use strict';
  var form = document.querySelector('form.survey-form');
  if (!form) return;
  var messagesElement = document.getElementById('likert-messages');
  var messages = messagesElement ? JSON.parse(messagesElement.textContent) : {};
  var summary = document.querySelector('.error-summary');

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function otherBoxes() {
    return Array.prototype.slice.call(form.querySelectorAll('.other-text[data-other-for]'));
  }

  // The choice an "other" box belongs to; for a matrix row, the row is answered at all.
  function isOtherChosen(box) {
    var owner = document.getElementById(box.getAttribute('data-other-for'));
    if (!owner) return true;
    if (owner.tagName === 'INPUT') return owner.checked;
    return owner.querySelector('input:checked') !== null;
  }

  function syncOtherBoxes() {
    otherBoxes().forEach(function (box) {
      box.hidden = !isOtherChosen(box) && box.value === '';
    });
  }

  function checked(scope, name) {
    return Array.prototype.filter.call(scope.querySelectorAll('input[name="' + name + '"]'), function (i) {
      return i.checked;
    });
  }

  function problemOf(question) {
    // Each question type's partial says how its answer is checked: row by row, or as one list of choices.
    var check = question.getAttribute('data-check');
    var required = question.getAttribute('data-required') === 'true';
    if (check === 'rows') {
      var rows = Array.prototype.slice.call(question.querySelectorAll('.matrix-row'));
      var missing = rows.filter(function (row) { return !row.querySelector('input:checked'); });
      if (required && missing.length === rows.length) return messages.required;
      if (required && missing.length) {
        return fill(messages.rowsMissing, {
          rows: missing.map(function (row) { return row.querySelector('legend').textContent; }).join(' / '),
        });
      }
    } else {
      var inputs = question.querySelectorAll('.choices input[type=radio], .choices input[type=checkbox]');
      var count = Array.prototype.filter.call(inputs, function (i) { return i.checked; }).length;
      if (count === 0) return required ? messages.required : null;
      var min = Number(question.getAttribute('data-min') || 0);
      var max = Number(question.getAttribute('data-max') || 0);
      if (min && count < min) return fill(messages.tooFew, { min: min });
      if (max && count > max) return fill(messages.tooMany, { max: max });
    }
    var box = question.querySelector('.other-text');
    if (box && isOtherChosen(box) && box.value.trim() === '') {
      // The choice's own label, as the server's message names it (an option, or a matrix row).
      return fill(messages.otherRequired, { label: box.getAttribute('data-other-label') });
    }
    return null;
  }

  function showProblems(found) {
    var list = summary.querySelector('ul');
    list.textContent = '';
    found.forEach(function (f) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = '#' + f.question.id;
      // As the server's summary names it: number and title, without the required or optional mark.
      var title = f.question.querySelector('legend').cloneNode(true);
      title.querySelectorAll('.required, .optional, .visually-hidden').forEach(function (mark) { mark.remove(); });
      link.textContent = title.textContent.trim();
      item.appendChild(link);
      item.appendChild(document.createTextNode(': ' + f.message));
      list.appendChild(item);
    });
    summary.querySelector('h2').textContent = found.length === 1 ? messages.summaryOne : fill(messages.summary, { count: found.length });
    summary.hidden = false;
    var first = found[0].question;
    first.setAttribute('tabindex', '-1');
    first.focus();
  }

  function markQuestion(question, message) {
    var error = document.getElementById(question.id + '-error');
    question.classList.toggle('has-error', !!message);
    if (error) {
      error.textContent = message || '';
      error.hidden = !message;
    }
  }

  form.addEventListener('change', function (event) {
    syncOtherBoxes();
    var question = event.target.closest('.question');
    if (question && question.classList.contains('has-error')) markQuestion(question, problemOf(question));
  });

  var sending = false;
  var submitButton = form.querySelector('button[type=submit]');
  var submitLabel = submitButton ? submitButton.textContent : '';
  form.addEventListener('submit', function (event) {
    if (sending) {
      event.preventDefault();
      return;
    }
    var found = [];
    Array.prototype.forEach.call(form.querySelectorAll('.question'), function (question) {
      var message = problemOf(question);
      markQuestion(question, message);
      if (message) found.push({ question: question, message: message });
    });
    if (found.length) {
      event.preventDefault();
      showProblems(found);
      return;
    }
    sending = true;
    if (submitButton) {
      submitButton.disabled = true;
      submitButton.textContent = submitButton.getAttribute('data-sending') || submitLabel;
    }
  });

  // Coming back with the browser's back button must allow sending again.
  window.addEventListener('pageshow', function () {
    sending = false;
    if (submitButton) {
      submitButton.disabled = false;
      submitButton.textContent = submitLabel;
    }
  });

  syncOtherBoxes();
})();
