export const APP_NAME = 'Conversation Browser'

/** The page's title, which Electron shows in the title bar: the account shown comes first. */
export function windowTitle(accountName: string | null): string {
  return accountName ? `${accountName} — ${APP_NAME}` : APP_NAME
}
