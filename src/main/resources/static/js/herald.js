// Herald's dashboard script. The CSP allows scripts from this site only (no inline code),
// so every behaviour is wired here by data attributes.
(function () {
	'use strict';

	// htmx requests carry the CSRF token Spring Security expects, read from the page's meta tags.
	document.addEventListener('htmx:configRequest', function (event) {
		var token = document.querySelector('meta[name="_csrf"]');
		var header = document.querySelector('meta[name="_csrf_header"]');
		if (token && header) {
			event.detail.headers[header.getAttribute('content')] = token.getAttribute('content');
		}
	});

	// Forms with data-confirm ask before they are sent.
	document.addEventListener('submit', function (event) {
		var form = event.target;
		var question = form.getAttribute && form.getAttribute('data-confirm');
		if (question && !window.confirm(question)) {
			event.preventDefault();
			event.stopImmediatePropagation();
		}
	}, true);

	// Buttons with data-copy copy the text of the element they name.
	document.addEventListener('click', function (event) {
		var button = event.target.closest('[data-copy]');
		if (!button) {
			return;
		}
		var source = document.querySelector(button.getAttribute('data-copy'));
		if (source && navigator.clipboard) {
			navigator.clipboard.writeText(source.textContent.trim()).then(function () {
				button.textContent = 'Copied';
			});
		}
	});

	// Buttons with data-remove take away the closest element the selector names (a row of a
	// form); the form hears an input event, so that what watches it (live checks) updates.
	document.addEventListener('click', function (event) {
		var button = event.target.closest('[data-remove]');
		if (!button) {
			return;
		}
		var row = button.closest(button.getAttribute('data-remove'));
		if (row) {
			var form = row.closest('form');
			row.remove();
			if (form) {
				form.dispatchEvent(new Event('input', { bubbles: true }));
			}
		}
	});

	// Filters with data-autosubmit apply as soon as they change.
	document.addEventListener('change', function (event) {
		if (event.target.hasAttribute && event.target.hasAttribute('data-autosubmit') && event.target.form) {
			event.target.form.requestSubmit();
		}
	});

	// An open menu closes when the user clicks elsewhere or presses Escape.
	function closeMenus(except) {
		document.querySelectorAll('details.menu[open]').forEach(function (menu) {
			if (menu !== except) {
				menu.removeAttribute('open');
			}
		});
	}
	document.addEventListener('click', function (event) {
		closeMenus(event.target.closest('details.menu'));
	});
	document.addEventListener('keydown', function (event) {
		if (event.key === 'Escape') {
			closeMenus(null);
		}
	});
})();
