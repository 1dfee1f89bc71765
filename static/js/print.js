/* The printed materials' one button: the browser's own print dialog. */
document.getElementById("print-button").addEventListener("click", function () { window.print(); });
