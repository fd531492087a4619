/** Waits for the first snapshot: it says which map and art to load. */
import Phaser from 'phaser';
import type { HamletApp } from '../app';
import { LABEL_FONT, SCENES } from '../config';

export class BootScene extends Phaser.Scene {
  constructor(private readonly app: HamletApp) {
    super(SCENES.boot);
  }

  create(): void {
    const { width, height } = this.scale;
    const text = this.add.text(width / 2, height / 2, 'Connecting to the town…', { fontFamily: LABEL_FONT, fontSize: '18px', color: '#e8ebf2' }).setOrigin(0.5);
    const go = () => void this.scene.start(SCENES.preloader);
    if (this.app.client.state) return go();
    const off = this.app.client.on('snapshot', () => {
      off();
      go();
    });
    const offConn = this.app.client.on('connection', (state) => {
      if (state !== 'connected') text.setText('Cannot reach the town server — retrying…');
    });
    this.events.once('shutdown', () => {
      off();
      offConn();
    });
  }
}
