// The words of a dossier's life after it is sent, as the list and the « Suivi » panel show them.
import type { DossierStatus } from "../../lib/bindings";

export const STATUS_LABELS: Record<DossierStatus, string> = {
  preparation: "En préparation",
  envoye: "Envoyé",
  accorde: "Accordé",
  refuse: "Refusé",
  sans_suite: "Sans suite",
};

/** The button that moves a dossier to `to`. */
export const MOVE_LABELS: Record<DossierStatus, string> = {
  preparation: "Revenir en préparation",
  envoye: "Marquer comme envoyé",
  accorde: "Accordé…",
  refuse: "Refusé…",
  sans_suite: "Sans suite",
};
