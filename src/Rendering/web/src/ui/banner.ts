/** Shows an error across the top of the page; several errors stack. */
export function showError(banner: HTMLElement, title: string, detail: string): void {
  const item = document.createElement('div');
  item.className = 'banner-item';
  const strong = document.createElement('strong');
  strong.textContent = title;
  const text = document.createElement('span');
  text.textContent = ` ${detail}`;
  item.append(strong, text);
  banner.appendChild(item);
  banner.hidden = false;
}
