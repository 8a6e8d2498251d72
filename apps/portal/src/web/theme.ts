import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { PortalEnv } from '../config/portal-env.js';

/** The municipality's look and contacts, from PORTAL_THEME. */
export interface Theme {
  name: string;
  primaryColor: string;
  logoUrl?: string;
  contactEmail?: string;
  contactPhone?: string;
  dpoEmail?: string;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

@Injectable()
export class PortalTheme {
  readonly theme: Theme;
  /** The theme as CSS (FKUI's custom properties), served as a file: the CSP allows no inline style. */
  readonly css: string;

  constructor(config: ConfigService<PortalEnv, true>) {
    const raw = JSON.parse(config.get('PORTAL_THEME', { infer: true })) as Partial<Theme>;
    if (typeof raw.name !== 'string' || raw.name.trim() === '') throw new Error('PORTAL_THEME must name the municipality ("name")');
    const primary = typeof raw.primaryColor === 'string' && COLOR.test(raw.primaryColor) ? raw.primaryColor : '#1b5e8c';
    this.theme = {
      name: raw.name,
      primaryColor: primary,
      // A path on the portal's own origin (the Content-Security-Policy loads images from 'self' only) or a data: image.
      ...(typeof raw.logoUrl === 'string' && /^(\/(?!\/)|data:image\/)/.test(raw.logoUrl) ? { logoUrl: raw.logoUrl } : {}),
      ...(typeof raw.contactEmail === 'string' ? { contactEmail: raw.contactEmail } : {}),
      ...(typeof raw.contactPhone === 'string' ? { contactPhone: raw.contactPhone } : {}),
      ...(typeof raw.dpoEmail === 'string' ? { dpoEmail: raw.dpoEmail } : {}),
    };
    this.css = `:root {
  --portal-primary: ${primary};
  --fkds-color-action-background-primary-default: ${primary};
  --fkds-color-action-border-primary-default: ${primary};
  --fkds-color-action-text-primary-default: ${primary};
}
`;
  }
}
