// The New game form: opponent, level (against the computer), colour and clock (untimed, a preset, or custom
// seconds and increment), read into a `create` command.

import { $ } from './dom.js';

const CREATE_NOTE = {
  human: 'Play a friend: create a game, then send them the invite link.',
  bot: 'Play the computer: the game starts at once. Level 5 is the strongest.',
};

/** The form follows the choices: a level only against the computer, the custom clock's fields only for it. */
export function renderCreateForm() {
  const opponent = $('opponent-kind').value === 'bot' ? 'bot' : 'human';
  $('level-field').hidden = opponent !== 'bot';
  $('create-note').textContent = CREATE_NOTE[opponent];
  const custom = $('clock').value === 'custom';
  $('clock-custom').hidden = !custom;
  for (const id of ['clock-initial', 'clock-increment']) $(id).disabled = !custom;
}

/** A preset's clock: 'none' is untimed (null), '180+2' is { initial: 180, increment: 2 } in whole seconds. */
export function presetClock(choice) {
  if (choice === 'none') return null;
  const [initial, increment] = choice.split('+').map(Number);
  return { initial, increment };
}

/** Fills `select` with the form's clock presets (all but the custom one), so that both offer the same clocks. */
export function copyClockPresets(select) {
  const presets = [...$('clock').options].filter((option) => option.value !== 'custom');
  select.replaceChildren(...presets.map((option) => option.cloneNode(true)));
}

/** The clock chosen: null (untimed) or { initial, increment } in whole seconds; undefined when the custom one is invalid. */
function readClock() {
  const choice = $('clock').value;
  if (choice !== 'custom') return presetClock(choice);
  // The fields' own limits (min, max, step) are the server's: 15 to 3600 s, plus 0 to 60 s a move.
  const fields = [$('clock-initial'), $('clock-increment')];
  const invalid = fields.find((field) => field.value.trim() === '' || !field.checkValidity());
  if (invalid) {
    invalid.reportValidity();
    return undefined;
  }
  return { initial: Number(fields[0].value), increment: Number(fields[1].value) };
}

/** The `create` command the form describes, or null when a field must be fixed first (the browser says which). */
export function readCreateCommand() {
  const clock = readClock();
  if (clock === undefined) return null;
  const command = { type: 'create', opponent: 'human', color: $('color').value };
  if ($('opponent-kind').value === 'bot') Object.assign(command, { opponent: 'bot', level: Number($('level').value) });
  if (clock) command.clock = clock;
  return command;
}
