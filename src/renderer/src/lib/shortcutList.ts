/** One line of the keyboard shortcuts sheet: the keys (any of them) and what they do. */
export interface Shortcut {
  keys: string[]
  action: string
}

export interface ShortcutGroup {
  title: string
  shortcuts: Shortcut[]
}

/**
 * Every shortcut of the window, as the sheet (F1, ?, Help > Keyboard Shortcuts) lists them.
 * Kept beside the handlers: useShortcuts.ts, SearchField.vue (Ctrl+K), ConversationList.vue
 * (the list's keys), BarChart.vue (a chart's keys), the dialogs (Esc), useShortcutSheet.ts.
 */
export function shortcutGroups(mac: boolean): ShortcutGroup[] {
  const command = mac ? 'Cmd' : 'Ctrl'
  return [
    {
      title: 'Search and results',
      shortcuts: [
        { keys: [`${command}+K`], action: 'Go to the search field' },
        { keys: ['Up', 'Down'], action: 'Select the previous or next conversation' },
        { keys: ['Home', 'End'], action: 'Select the first or last conversation (in the list)' },
        { keys: ['PageUp', 'PageDown'], action: 'Select a screenful up or down (in the list)' },
        { keys: ['Enter'], action: 'Open the selected conversation' },
        { keys: [`${command}+Enter`], action: 'Every conversation with its customer' },
        { keys: ['Esc'], action: 'Close the open conversation, or a dialog' }
      ]
    },
    {
      title: 'Window',
      shortcuts: [
        { keys: [`${command}+R`], action: 'Sync now' },
        {
          keys: [`${command}+1 … ${command}+9`],
          action: 'Switch to the first … ninth account (also the account menu)'
        },
        {
          keys: mac ? ['Cmd+[', 'Alt+Left'] : ['Alt+Left'],
          action: 'Back (also the mouse’s and keyboard’s Back buttons)'
        },
        {
          keys: mac ? ['Cmd+]', 'Alt+Right'] : ['Alt+Right'],
          action: 'Forward (also the mouse’s and keyboard’s Forward buttons)'
        },
        { keys: ['?', 'F1'], action: 'This list of shortcuts (also Help > Keyboard Shortcuts)' }
      ]
    },
    {
      title: 'Dashboard charts',
      shortcuts: [
        { keys: ['Left', 'Right'], action: 'The previous or next bar, with its figures' },
        { keys: ['Up', 'Down'], action: 'The same, in a chart of rows' },
        { keys: ['Home', 'End'], action: 'The first or last bar' },
        { keys: ['Enter'], action: 'The conversations behind the bar, where a chart links them' }
      ]
    },
    {
      title: 'Dialogs',
      shortcuts: [
        { keys: ['Tab', 'Shift+Tab'], action: 'Next or previous control, staying in the dialog' },
        { keys: ['Esc'], action: 'Close the dialog' }
      ]
    }
  ]
}
