/**
 * Imported before video.js, whose module body otherwise injects a `<style class="vjs-styles-defaults">`
 * into the host page's `<head>` (and each player one more for its dimensions). The engine shows no
 * video.js UI, so the page's own CSS must stay the only CSS. The flag is page-wide: a host page
 * that runs video.js players of its own sizes them with its CSS (video.js's stylesheet) anyway.
 */
(window as Window & { VIDEOJS_NO_DYNAMIC_STYLE?: boolean }).VIDEOJS_NO_DYNAMIC_STYLE = true;

export {};
