// The composer: the text tabs ("All channels" and one per checked channel, each with the
// channel's own text). The live checks are htmx requests declared in the page.
(function () {
	'use strict';

	function setup(form) {
		if (form.hasAttribute('data-ready')) {
			return;
		}
		form.setAttribute('data-ready', '');
		var tabs = form.querySelector('[data-tabs]');
		if (!tabs) {
			return;
		}

		function select(name) {
			tabs.querySelectorAll('[role=tab]').forEach(function (tab) {
				var on = tab.getAttribute('data-tab') === name;
				tab.setAttribute('aria-selected', on ? 'true' : 'false');
				tab.tabIndex = on ? 0 : -1;
				var panel = document.getElementById(tab.getAttribute('aria-controls'));
				if (panel) {
					panel.hidden = !on;
				}
			});
		}

		tabs.addEventListener('click', function (event) {
			var tab = event.target.closest('[role=tab]');
			if (tab) {
				select(tab.getAttribute('data-tab'));
			}
		});

		// a channel's tab is there while the channel is checked
		form.addEventListener('change', function (event) {
			var box = event.target.closest('input[data-channel]');
			if (!box) {
				return;
			}
			var tab = tabs.querySelector('[data-tab-channel="' + box.getAttribute('data-channel') + '"]');
			if (tab) {
				tab.hidden = !box.checked;
				if (!box.checked && tab.getAttribute('aria-selected') === 'true') {
					select('main');
				}
			}
		});

		// the AI card's suggestions fill the fields; they never save or publish
		function fill(field, value) {
			if (field) {
				field.value = value;
				field.dispatchEvent(new Event('input', { bubbles: true }));
			}
		}

		form.addEventListener('click', function (event) {
			var button = event.target.closest('[data-ai-fill]');
			if (button) {
				var kind = button.getAttribute('data-ai-fill');
				if (kind === 'main') {
					fill(form.querySelector('#text'), button.getAttribute('data-text'));
					if (button.getAttribute('data-hashtags')) {
						fill(form.querySelector('#hashtags'), button.getAttribute('data-hashtags'));
					}
					select('main');
				} else if (kind === 'hashtags') {
					fill(form.querySelector('#hashtags'), button.getAttribute('data-hashtags'));
				} else if (kind === 'channels') {
					button.parentElement.querySelectorAll('[data-ai-version]').forEach(function (version) {
						fill(form.querySelector('#override-' + version.getAttribute('data-channel')), version.getAttribute('data-text'));
					});
				}
				return;
			}
			var byHand = event.target.closest('[data-ai-template-by-hand]');
			if (byHand) {
				var chosen = form.querySelector('#aiTemplateId');
				var option = chosen && chosen.selectedOptions[0];
				if (option && option.getAttribute('data-body')) {
					fill(form.querySelector('#text'), option.getAttribute('data-body'));
					select('main');
				}
			}
		});

		// Enter in an AI field asks the AI instead of saving the post
		form.addEventListener('keydown', function (event) {
			if (event.key === 'Enter' && event.target.matches('#aiTopic, #aiFeedback')) {
				event.preventDefault();
				var button = event.target.parentElement.querySelector('button');
				if (button) {
					button.click();
				}
			}
		});

		// a tab whose channel has its own text says so
		form.addEventListener('input', function (event) {
			if (event.target.name !== 'overrideText') {
				return;
			}
			var panel = event.target.closest('[role=tabpanel]');
			var tab = panel && document.getElementById(panel.getAttribute('aria-labelledby'));
			if (tab) {
				tab.classList.toggle('has-override', event.target.value.trim() !== '');
			}
		});
	}

	function init(root) {
		if (root.matches && root.matches('[data-composer]')) {
			setup(root);
		}
		if (root.querySelectorAll) {
			root.querySelectorAll('[data-composer]').forEach(setup);
		}
	}

	document.addEventListener('DOMContentLoaded', function () {
		init(document);
	});
	// the brand picker swaps the whole form
	document.addEventListener('htmx:load', function (event) {
		init(event.detail.elt);
	});
})();
