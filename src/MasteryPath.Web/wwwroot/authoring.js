// The course editor's live previews (docs/authoring.md): a lesson section rendered by the server's own Markdown and
// math renderer, and an items file's checker messages and generated variants. Debounced; the page works without it.
(() => {
  "use strict";

  const token = () => document.querySelector("input[name='__RequestVerificationToken']")?.value ?? "";

  const post = async (url, body) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", RequestVerificationToken: token() },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    if (!response.ok) {
      throw new Error(`The preview failed (${response.status}).`);
    }
    return response.json();
  };

  const debounce = (action, delay) => {
    let timer = 0;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(action, delay);
    };
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  for (const area of document.querySelectorAll("textarea[data-preview]")) {
    const target = document.getElementById(area.dataset.preview);
    const refresh = debounce(async () => {
      try {
        const result = await post(area.dataset.previewUrl, { markdown: area.value });
        target.innerHTML = result.html; // rendered and sanitised by the server's CourseMarkdown
        target.dataset.state = "fresh";
      } catch (error) {
        target.replaceChildren(element("p", "author-error", error.message));
      }
    }, 400);
    area.addEventListener("input", () => {
      target.dataset.state = "pending";
      refresh();
    });
  }

  const renderItems = (target, preview) => {
    const parts = [element("h2", "", "Checker")];
    if (preview.messages.length === 0) {
      parts.push(element("p", "notice", "No problems in this file."));
      parts.at(-1).id = "items-ok";
    } else {
      const list = element("ul", "author-diagnostics");
      list.id = "items-messages";
      for (const message of preview.messages) list.append(element("li", "", message));
      parts.push(list);
    }
    parts.push(element("h2", "", "Variants"));
    const variants = element("ol", "author-variants");
    variants.id = "variants";
    for (const variant of preview.variants) {
      const item = element("li");
      item.append(element("p", "muted", `${variant.itemId}, seed ${variant.seed}`));
      if (variant.error) {
        item.append(element("p", "author-error", variant.error));
      } else {
        const prompt = element("div", "prompt");
        prompt.innerHTML = variant.promptHtml; // rendered and sanitised by the server
        item.append(prompt);
        if (variant.choices.length > 0) {
          const choices = element("ul");
          for (const choice of variant.choices) choices.append(element("li", "", choice));
          item.append(choices);
        }
        const answer = element("p", "", "Answer: ");
        answer.append(element("strong", "author-answer", variant.answer));
        item.append(answer);
      }
      variants.append(item);
    }
    parts.push(variants);
    target.replaceChildren(...parts);
  };

  for (const area of document.querySelectorAll("textarea[data-items-preview]")) {
    const target = document.getElementById(area.dataset.itemsPreview);
    const refresh = debounce(async () => {
      try {
        renderItems(target, await post(area.dataset.previewUrl, { file: area.dataset.file, text: area.value }));
        target.dataset.state = "fresh";
      } catch (error) {
        target.replaceChildren(element("p", "author-error", error.message));
      }
    }, 600);
    area.addEventListener("input", () => {
      target.dataset.state = "pending";
      refresh();
    });
  }
})();
