// Module activities can be ticked off; the ticks are kept in this browser only.
const list = document.querySelector("[data-module-activities]");
if (list) {
  const key = `partnerkit:activities:${location.pathname}`;
  const progress = list.querySelector(".activities__progress");
  const boxes = [...list.querySelectorAll("input[data-activity]")];
  let done = [];
  try {
    done = JSON.parse(localStorage.getItem(key) || "[]");
  } catch {
    done = [];
  }
  const show = () => {
    const count = boxes.filter((b) => b.checked).length;
    progress.textContent = `${count} of ${boxes.length} activities done`;
  };
  for (const box of boxes) {
    box.hidden = false;
    box.labels.forEach((label) => {
      label.hidden = false;
      label.classList.add("visually-hidden");
    });
    box.checked = done.includes(box.dataset.activity);
    box.closest(".activity").classList.toggle("is-done", box.checked);
    box.addEventListener("change", () => {
      box.closest(".activity").classList.toggle("is-done", box.checked);
      const ticked = boxes.filter((b) => b.checked).map((b) => b.dataset.activity);
      try {
        localStorage.setItem(key, JSON.stringify(ticked));
      } catch {
        // storage full or blocked: the tick still shows for this visit
      }
      show();
    });
  }
  progress.hidden = false;
  show();
}
