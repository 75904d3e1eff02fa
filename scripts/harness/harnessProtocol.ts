/**
 * The harness's addresses and names, shared by the server and the bridge in the page (so this
 * file imports nothing: it is bundled into the page).
 */
export const BRIDGE_PATH = '/__harness/bridge.js'
export const IPC_PREFIX = '/__harness/ipc/'
export const EVENTS_PATH = '/__harness/events'
/** Every call carries this run's token in this header... */
export const TOKEN_HEADER = 'x-harness-token'
/** ...and the event stream (EventSource sends no headers of its own) in this parameter. */
export const TOKEN_PARAMETER = 'token'
/** The meta tag the page's bridge reads the token from. */
export const TOKEN_META_NAME = 'cb-harness-token'
