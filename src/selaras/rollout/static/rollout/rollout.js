// Reload the scenario page once its solve job has finished (the job status fragment polls through htmx).
document.addEventListener("htmx:afterSwap", function () {
  var status = document.getElementById("job-status");
  if (status && document.querySelector("[data-reload-when-done]") &&
      (status.dataset.status === "done" || status.dataset.status === "failed")) {
    window.location.reload();
  }
});
