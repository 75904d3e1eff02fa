import { contextBridge } from 'electron'

const api = {
  platform: process.platform
}

export type Api = typeof api

contextBridge.exposeInMainWorld('api', api)
