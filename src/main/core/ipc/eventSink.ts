import type { EventContract, EventName } from '../../../shared/ipc/contract'

/** An event and its payload, as one tuple per event so a check of the name narrows the payload. */
export type EventArgs = { [E in EventName]: [event: E, payload: EventContract[E]] }[EventName]

/**
 * Where the handler table sends every event for the window: the shell forwards each on its
 * channel (EVENT_CHANNELS), the harness over Server-Sent Events, tests collect them. One typed
 * function, so a new event in the contract needs nothing new in either.
 */
export type EventSink = (...args: EventArgs) => void
