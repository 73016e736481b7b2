import "./styles/tokens.css";
import "./styles/global.css";
import { mount } from "svelte";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("L'élément #app est introuvable dans index.html.");

export default mount(App, { target });
