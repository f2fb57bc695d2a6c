import type { ButtonHTMLAttributes } from 'react';

interface SwitchProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onChange' | 'role'> {
  checked: boolean;
  label: string;
}

/** An on/off button (`role="switch"`, `aria-checked`), its label written beside the track. */
export function Switch({ checked, label, className = '', ...button }: SwitchProps) {
  return (
    <button type="button" role="switch" aria-checked={checked} className={`ui-switch ${className}`} {...button}>
      <span className="ui-switch-track" aria-hidden="true">
        <span className="ui-switch-thumb" />
      </span>
      <span>{label}</span>
    </button>
  );
}
