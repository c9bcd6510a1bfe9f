// The calendar page: FullCalendar (from its webjar) fed by /calendar/events, in the time
// zone the page names. Without a time-zone plugin FullCalendar keeps each event at the wall
// time its offset says; the server gives events in this zone, and a dropped event's wall
// time is sent back to be read in the same zone.
(function () {
	'use strict';

	function csrfHeaders() {
		var token = document.querySelector('meta[name="_csrf"]');
		var header = document.querySelector('meta[name="_csrf_header"]');
		var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
		if (token && header) {
			headers[header.getAttribute('content')] = token.getAttribute('content');
		}
		return headers;
	}

	function show(id, text) {
		['calendar-message', 'calendar-notice'].forEach(function (other) {
			document.getElementById(other).hidden = true;
		});
		var box = document.getElementById(id);
		box.textContent = text;
		box.hidden = false;
	}

	document.addEventListener('DOMContentLoaded', function () {
		var element = document.getElementById('calendar');
		if (!element || !window.FullCalendar) {
			return;
		}
		var zone = element.getAttribute('data-time-zone');
		var filters = document.getElementById('calendar-filters');
		// "now" follows the server's clock, read in the calendar's zone
		var skew = Date.parse(element.getAttribute('data-now') + 'Z') - Date.now();

		var calendar = new FullCalendar.Calendar(element, {
			timeZone: zone,
			now: function () {
				return new Date(Date.now() + skew).toISOString().slice(0, 19);
			},
			initialView: 'dayGridMonth',
			headerToolbar: {
				left: 'prev,next today',
				center: 'title',
				right: 'dayGridMonth,timeGridWeek,timeGridDay,listMonth'
			},
			buttonText: { listMonth: 'list' },
			firstDay: 1,
			height: 'auto',
			nowIndicator: true,
			eventDisplay: 'block',
			eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
			slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
			scrollTime: '07:00:00',
			editable: element.getAttribute('data-editable') === 'true',
			eventDurationEditable: false,
			events: {
				url: element.getAttribute('data-events'),
				extraParams: function () {
					var params = {};
					new FormData(filters).forEach(function (value, key) {
						if (key !== 'timeZone' && value) {
							params[key] = value;
						}
					});
					return params;
				},
				failure: function () {
					show('calendar-message', 'The posts could not be loaded; reload the page to try again.');
				}
			},
			eventsSet: function (events) {
				var empty = document.getElementById('calendar-empty');
				if (empty) {
					empty.hidden = events.length > 0;
				}
			},
			eventDidMount: function (info) {
				var props = info.event.extendedProps;
				info.el.setAttribute('data-status', props.status);
				info.el.setAttribute('data-post', info.event.id);
				info.el.title = props.statusLabel + ' · ' + (props.platforms || []).join(', ') + ' · ' + info.event.title;
			},
			eventDrop: function (info) {
				var body = new URLSearchParams();
				body.set('id', info.event.id);
				// the wall time in the calendar's zone, without the offset
				body.set('start', info.event.startStr.slice(0, 19));
				body.set('timeZone', zone);
				fetch(element.getAttribute('data-move'), {
					method: 'POST',
					headers: csrfHeaders(),
					body: body,
					credentials: 'same-origin'
				}).then(function (response) {
					return response.json().catch(function () {
						return { message: 'The post could not be moved.' };
					}).then(function (answer) {
						if (!response.ok) {
							info.revert();
							show('calendar-message', answer.message || 'The post could not be moved.');
						}
						else {
							show('calendar-notice', answer.message);
							calendar.refetchEvents();
						}
					});
				}).catch(function () {
					info.revert();
					show('calendar-message', 'Herald could not be reached; the post stays where it was.');
				});
			}
		});
		calendar.render();
		element.calendar = calendar;

		filters.addEventListener('change', function (event) {
			if (event.target.name !== 'timeZone') {
				calendar.refetchEvents();
			}
		});
	});
})();
