/* Product gallery: clicking a thumbnail shows it in the main image (the links work without JS). */
(function () {
  "use strict";
  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var main = gallery.querySelector(".gallery-main");
    if (!main) { return; }
    gallery.querySelectorAll(".gallery-thumbs a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        main.src = link.getAttribute("data-src");
        main.srcset = link.getAttribute("data-srcset") || "";
        var thumb = link.querySelector("img");
        if (thumb) { main.alt = thumb.alt; }
      });
    });
  });
})();
