// The media library's script: uploads dropped or chosen on an upload zone, sent one by one
// with a progress bar each; thumbnails that appear once the server has made them; and, in
// the composer, files attached from the library or a new upload, and the fixes the checks
// offer (a variant a channel takes) made and put on that channel.
(function () {
	'use strict';

	function csrf(xhrOrHeaders) {
		var token = document.querySelector('meta[name="_csrf"]');
		var header = document.querySelector('meta[name="_csrf_header"]');
		if (token && header) {
			xhrOrHeaders.setRequestHeader(header.getAttribute('content'), token.getAttribute('content'));
		}
	}

	// binary units, as the page states the limits
	function size(bytes) {
		var mb = 1024 * 1024;
		return bytes >= mb ? (bytes / mb).toFixed(1).replace(/\.0$/, '') + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
	}

	function json(text) {
		try {
			return JSON.parse(text);
		} catch (e) {
			return null;
		}
	}

	// ---------- uploads ----------

	function upload(zone, file, done) {
		var list = zone.querySelector('[data-upload-list]');
		var row = document.createElement('li');
		row.className = 'upload-row';
		var name = document.createElement('span');
		name.className = 'upload-name';
		name.textContent = file.name;
		var bar = document.createElement('progress');
		bar.max = 100;
		bar.value = 0;
		bar.setAttribute('aria-label', 'Uploading ' + file.name);
		var state = document.createElement('span');
		state.className = 'small muted upload-state';
		state.textContent = size(file.size);
		row.appendChild(name);
		row.appendChild(bar);
		row.appendChild(state);
		list.appendChild(row);

		var max = Number(zone.getAttribute('data-max-bytes') || 0);
		if (max > 0 && file.size > max) {
			// said at once rather than after sending it all
			row.classList.add('is-error');
			bar.remove();
			state.textContent = 'Is ' + size(file.size) + ': files up to ' + size(max) + ' are taken.';
			done(false);
			return;
		}
		var xhr = new XMLHttpRequest();
		xhr.open('POST', zone.getAttribute('data-upload-url'));
		csrf(xhr);
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.upload.addEventListener('progress', function (event) {
			if (event.lengthComputable) {
				bar.value = Math.round(event.loaded * 100 / event.total);
				state.textContent = bar.value + ' % of ' + size(event.total);
			}
		});
		xhr.addEventListener('load', function () {
			var body = json(xhr.responseText);
			if (xhr.status === 201 && body) {
				bar.value = 100;
				row.classList.add('is-done');
				state.textContent = 'Uploaded';
				zone.dispatchEvent(new CustomEvent('media:uploaded', { bubbles: true, detail: body }));
				done(true);
			} else {
				row.classList.add('is-error');
				bar.remove();
				state.textContent = (body && body.message) ? body.message : 'Not uploaded (HTTP ' + xhr.status + '): try again.';
				done(false);
			}
		});
		xhr.addEventListener('error', function () {
			row.classList.add('is-error');
			bar.remove();
			state.textContent = 'The connection broke off: try again.';
			done(false);
		});
		var data = new FormData();
		data.append('file', file);
		xhr.send(data);
	}

	function uploadAll(zone, files) {
		var queue = Array.prototype.slice.call(files);
		var failed = 0;
		function next() {
			var file = queue.shift();
			if (!file) {
				zone.dispatchEvent(new CustomEvent('media:uploads-done', { bubbles: true, detail: { failed: failed } }));
				return;
			}
			upload(zone, file, function (ok) {
				if (!ok) {
					failed++;
				}
				next();
			});
		}
		next();
	}

	function setupZone(zone) {
		if (zone.hasAttribute('data-ready')) {
			return;
		}
		zone.setAttribute('data-ready', '');
		var input = zone.querySelector('input[type=file]');
		input.addEventListener('change', function () {
			if (input.files.length) {
				uploadAll(zone, input.files);
				input.value = '';
			}
		});
		zone.addEventListener('submit', function (event) {
			event.preventDefault();
		});
		['dragenter', 'dragover'].forEach(function (type) {
			zone.addEventListener(type, function (event) {
				event.preventDefault();
				zone.classList.add('is-dragging');
			});
		});
		['dragleave', 'drop'].forEach(function (type) {
			zone.addEventListener(type, function () {
				zone.classList.remove('is-dragging');
			});
		});
		zone.addEventListener('drop', function (event) {
			event.preventDefault();
			if (event.dataTransfer && event.dataTransfer.files.length) {
				uploadAll(zone, event.dataTransfer.files);
			}
		});
		// the library shows what was uploaded once every file is in
		if (zone.hasAttribute('data-reload-when-done')) {
			zone.addEventListener('media:uploads-done', function (event) {
				if (event.detail.failed === 0) {
					window.location.reload();
				}
			});
		}
	}

	// ---------- thumbnails being made ----------

	function watch(id, ready) {
		var tries = 0;
		function poll() {
			var xhr = new XMLHttpRequest();
			xhr.open('GET', '/media/' + id + '/status');
			xhr.setRequestHeader('Accept', 'application/json');
			xhr.addEventListener('load', function () {
				var item = json(xhr.responseText);
				if (item && item.status !== 'PROCESSING') {
					ready(item);
				} else if (++tries < 150) {
					setTimeout(poll, 2000);
				}
			});
			xhr.send();
		}
		poll();
	}

	function setupProcessing(root) {
		root.querySelectorAll('[data-processing]').forEach(function (tile) {
			if (tile.hasAttribute('data-watched')) {
				return;
			}
			tile.setAttribute('data-watched', '');
			watch(tile.getAttribute('data-media-id'), function (item) {
				var thumb = tile.querySelector('.media-thumb');
				var placeholder = tile.querySelector('.media-placeholder');
				if (item.thumbnailUrl && thumb && placeholder) {
					var img = document.createElement('img');
					img.src = item.thumbnailUrl;
					img.alt = item.altText || '';
					placeholder.replaceWith(img);
				} else if (placeholder) {
					placeholder.textContent = item.status === 'FAILED' ? 'Failed' : (item.kind === 'VIDEO' ? 'Video' : 'Picture');
				}
				tile.removeAttribute('data-processing');
			});
		});
		root.querySelectorAll('[data-refresh-while-processing]').forEach(function (note) {
			var id = window.location.pathname.split('/').pop();
			watch(id, function () {
				window.location.reload();
			});
		});
	}

	// ---------- the composer's files ----------

	function changed(element) {
		var form = element.closest('form');
		if (form) {
			form.dispatchEvent(new Event('input', { bubbles: true }));
		}
	}

	function chip(list, item) {
		if (list.querySelector('input[value="' + item.id + '"]')) {
			return;
		}
		var li = document.createElement('li');
		li.className = 'media-chip';
		li.setAttribute('data-testid', 'attached-' + item.name);
		if (item.thumbnailUrl) {
			var img = document.createElement('img');
			img.src = item.thumbnailUrl;
			img.alt = '';
			li.appendChild(img);
		} else {
			var kind = document.createElement('span');
			kind.className = 'media-chip-kind';
			kind.textContent = item.kind === 'VIDEO' ? 'Video' : 'Picture';
			li.appendChild(kind);
		}
		var name = document.createElement('span');
		name.className = 'small';
		name.textContent = item.name;
		li.appendChild(name);
		var input = document.createElement('input');
		input.type = 'hidden';
		input.name = 'mediaIds';
		input.value = item.id;
		li.appendChild(input);
		var remove = document.createElement('button');
		remove.type = 'button';
		remove.className = 'button button-small button-danger-ghost';
		remove.setAttribute('data-remove', '.media-chip');
		remove.setAttribute('aria-label', 'Remove ' + item.name);
		remove.textContent = 'Remove';
		li.appendChild(remove);
		list.appendChild(li);
		var empty = list.parentElement.querySelector('[data-media-empty]');
		if (empty) {
			empty.hidden = true;
		}
		changed(list);
	}

	function setupComposer(root) {
		var list = root.querySelector('[data-media-list]');
		if (!list || list.hasAttribute('data-ready')) {
			return;
		}
		list.setAttribute('data-ready', '');
		var card = list.closest('[data-media-card]');
		var dialog = document.getElementById('media-picker');
		card.addEventListener('media:uploaded', function (event) {
			chip(list, event.detail);
		});
		card.addEventListener('click', function (event) {
			if (event.target.closest('[data-open-picker]') && dialog) {
				// what the last opening showed may be out of date: it is loaded again
				var body = dialog.querySelector('.media-picker-body');
				body.textContent = 'Loading…';
				dialog.showModal();
				if (window.htmx) {
					window.htmx.ajax('GET', '/media/picker', { target: '#media-picker .media-picker-body', swap: 'outerHTML' });
				}
			}
		});
		if (dialog && !dialog.hasAttribute('data-ready')) {
			dialog.setAttribute('data-ready', '');
			dialog.addEventListener('click', function (event) {
				var pick = event.target.closest('[data-attach]');
				if (pick) {
					chip(document.querySelector('[data-media-list]'), {
						id: pick.getAttribute('data-id'), name: pick.getAttribute('data-name'),
						thumbnailUrl: pick.getAttribute('data-thumb'), kind: pick.getAttribute('data-kind')
					});
					dialog.close();
				}
				if (event.target.closest('[data-close-picker]')) {
					dialog.close();
				}
			});
		}
	}

	// A check's fix: the variant is made, then becomes that channel's own files.
	document.addEventListener('click', function (event) {
		var button = event.target.closest('[data-media-fix]');
		if (!button) {
			return;
		}
		var form = document.querySelector('[data-composer]');
		var media = button.getAttribute('data-media');
		var channel = button.getAttribute('data-channel');
		button.disabled = true;
		button.textContent = 'Making it…';
		var xhr = new XMLHttpRequest();
		xhr.open('POST', '/media/' + media + '/variants');
		csrf(xhr);
		xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.addEventListener('load', function () {
			var variant = json(xhr.responseText);
			if (xhr.status >= 300 || !variant) {
				button.textContent = (variant && variant.message) ? variant.message : 'Could not make it';
				return;
			}
			watch(variant.id, function (item) {
				if (item.status !== 'READY') {
					button.textContent = 'Could not make it: ' + (item.processingError || 'try another file');
					return;
				}
				var ids = Array.prototype.map.call(form.querySelectorAll('input[name=mediaIds]'), function (i) {
					return i.value === media ? item.id : i.value;
				});
				var panel = document.getElementById('panel-' + channel);
				var own = panel.querySelector('[data-own-media]');
				own.querySelector('input[name=overrideMedia]').value = ids.join(',');
				own.querySelector('input[name=overrideMediaChannelId]').disabled = false;
				own.querySelector('input[name=overrideMedia]').disabled = false;
				own.querySelector('[data-own-media-names]').textContent = item.name;
				own.hidden = false;
				changed(panel);
			});
		});
		var params = 'json=true&format=' + encodeURIComponent(button.getAttribute('data-format'));
		['max-bytes', 'aspect'].forEach(function (name) {
			var value = button.getAttribute('data-' + name);
			if (value) {
				params += '&' + (name === 'max-bytes' ? 'maxBytes' : name) + '=' + encodeURIComponent(value);
			}
		});
		xhr.send(params);
	});

	// "Use the post's files": a channel's own files are dropped
	document.addEventListener('click', function (event) {
		var button = event.target.closest('[data-drop-own-media]');
		if (!button) {
			return;
		}
		var own = button.closest('[data-own-media]');
		own.querySelectorAll('input').forEach(function (input) {
			input.disabled = true;
		});
		own.hidden = true;
		changed(own);
	});

	function init(root) {
		root.querySelectorAll('[data-upload-zone]').forEach(setupZone);
		setupProcessing(root);
		setupComposer(root);
	}

	document.addEventListener('DOMContentLoaded', function () {
		init(document);
	});
	document.addEventListener('htmx:load', function (event) {
		if (event.detail.elt.querySelectorAll) {
			init(event.detail.elt);
		}
	});
})();
