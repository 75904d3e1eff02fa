import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'
import { guardAccountParam } from './accountRoute'
import { useAppStore } from './stores/app'
import './styles/theme.css'

const router = createAppRouter()
guardAccountParam(router, () => useAppStore())
createApp(App).use(createPinia()).use(router).mount('#app')
