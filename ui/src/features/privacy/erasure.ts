// The RGPD right to erasure, as both the directory and the « Données personnelles » screen offer it:
// the window first says what will be removed, place by place, and erases only once confirmed.
import { privacyApi } from "./api";
import { app } from "../../lib/app.svelte";

/** Asks for confirmation with the list of what will be removed, then erases. True once erased. */
export async function confirmAndErase(personId: number, fullName: string): Promise<boolean> {
  const preview = await app.attempt(privacyApi.erasurePreview(personId));
  if (!preview.ok) return false;
  const ok = await app.confirm({
    title: `Effacer ${fullName} ?`,
    message:
      "Ses données seront effacées définitivement, partout où elles figurent. Cette action est irréversible.\n\n" +
      "Seule une trace de l'effacement est conservée (sa date et la structure concernée), sans aucune donnée sur la personne.\n\n" +
      "Sera effacé :",
    details: preview.value.removed,
    confirmLabel: "Effacer définitivement",
    danger: true,
  });
  if (!ok) return false;
  const done = await app.attempt(privacyApi.erasePerson(personId));
  if (!done.ok) return false;
  const elsewhere = done.value.removed.length - 1;
  app.toast(
    elsewhere > 0
      ? `Données effacées, dont ${elsewhere === 1 ? "une mention ailleurs dans la base" : `des mentions à ${elsewhere} endroits de la base`} ; une trace de l'effacement est conservée`
      : "Données effacées ; une trace de l'effacement est conservée",
  );
  return true;
}
