/**
 * The page: connects to the town, mounts the DOM panels and starts Phaser.
 * A controller token may come in the URL (`#token=…`, as printed by `hamlet start`); it is moved
 * to session storage and removed from the address bar so it is not shared by accident.
 */
import Phaser from 'phaser';
import './style.css';
import { HamletApp } from './app';
import { StaticTownClient } from './net/staticTownClient';
import { TownClient, type TownSource } from './net/townClient';
import { BootScene } from './scenes/Boot';
import { PreloaderScene } from './scenes/Preloader';
import { TownScene } from './scenes/Town';
import { mountAgentList } from './ui/agentList';
import { mountEventFeed } from './ui/eventFeed';
import { mountExperimentPanel } from './ui/experimentPanel';
import { mountInjectPanel } from './ui/injectPanel';
import { mountInterviewBox } from './ui/interviewBox';
import { mountInspector } from './ui/inspector';
import { mountRunList } from './ui/runList';
import { mountTimeline } from './ui/timeline';
import { mountTopBar } from './ui/topBar';

/** Starts the Phaser game in `parent` (an element or its id). */
export function startGame(parent: string | HTMLElement, app: HamletApp): Phaser.Game {
  return new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: '#10131b',
    // Smooth filtering keeps text readable at every zoom; the Town scene makes the pixel art
    // (tiles, characters) crisp again, and roundPixels keeps it on whole pixels.
    antialias: true,
    antialiasGL: false,
    roundPixels: true,
    banner: false,
    scale: { mode: Phaser.Scale.RESIZE, width: '100%', height: '100%' },
    scene: [new BootScene(app), new PreloaderScene(app), new TownScene(app)],
  });
}

function takeToken(): string | undefined {
  const fromUrl = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('hamlet-token', fromUrl);
    const url = new URL(window.location.href);
    url.hash = '';
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem('hamlet-token') ?? undefined;
}

/**
 * A static site (hamlet export --site) names its run's folder in a meta tag: the page then reads
 * files instead of connecting to a server; what only a server can do says so where it is offered.
 */
function openTown(): TownSource {
  const base = document.querySelector<HTMLMetaElement>('meta[name="hamlet-static"]')?.content;
  if (base === undefined) return new TownClient({ token: takeToken() });
  document.body.dataset.static = 'true';
  return new StaticTownClient(base);
}

const app = new HamletApp(openTown());
mountTopBar(app);
mountTimeline(app);
mountRunList(app);
mountAgentList(app);
mountInspector(app);
mountInterviewBox(app);
mountInjectPanel(app);
mountEventFeed(app);
mountExperimentPanel(app);
startGame('game', app);
